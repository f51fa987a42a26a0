import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sqliteStore } from '/work/main/packages/sql/src/sqlite/index.js'
const dir = mkdtempSync(join(tmpdir(), 'qp-'))
const store = sqliteStore({ filename: join(dir, 's.db'), synchronous: (process.env.SYNC as 'FULL') ?? 'FULL' })
const job = { name: 'n', queue: 'default', payload: { i: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 3, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }
let t = performance.now()
for (let i = 0; i < 10; i++) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
console.log('insert 10k', performance.now() - t)
let tc = 0, ts = 0, n = 0
for (;;) {
  t = performance.now()
  const c = await store.claim({ workerId: 'w', limit: 100, leaseMs: 1000 })
  tc += performance.now() - t
  if (c.length === 0) break
  t = performance.now()
  await store.settle({ outcomes: c.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
  ts += performance.now() - t
  n += c.length
}
console.log({ n, claimMs: tc, settleMs: ts })
