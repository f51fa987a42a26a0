import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { sqlStore } from '../src/store/sql-store.js'
import { sqliteExecutor } from '../src/sqlite/executor.js'
import { migrateSync } from '../src/sqlite/index.js'
import { names } from '../src/store/names.js'
import type { Executor } from '../src/executor.js'
const file = '/tmp/queue-prof2.db'
rmSync(file, { force: true })
const db = new Database(file)
db.pragma('journal_mode = WAL'); db.pragma('synchronous = ' + (process.env.SYNC ?? 'FULL'))
migrateSync(db, names('sqlite', {}))
const inner = sqliteExecutor(db)
const time = new Map<string, number>()
const executor: Executor = { ...inner, query: async (sql, params) => { const t = performance.now(); const r = await inner.query(sql, params); const k = sql.slice(0, 40); time.set(k, (time.get(k) ?? 0) + performance.now() - t); return r } }
const store = sqlStore({ executor, autoMigrate: false })
const job = { name: 'n', queue: 'default', payload: {}, priority: 500, runAt: new Date(0), maxAttempts: 3, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < 10; i++) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
for (;;) {
  const claimed = await store.claim({ workerId: 'w', limit: 100, leaseMs: 1000 })
  if (claimed.length === 0) break
  await store.settle({ outcomes: claimed.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
}
console.log(time)
