/** CPU time per job of a store drain on sqlite (synchronous=NORMAL, so fsync does not hide it). */
import { rmSync } from 'node:fs'
import { sqliteStore } from '../src/sqlite/index.js'
const N = 20000
const file = `/tmp/queue-cpu-${process.pid}.db`
const store = sqliteStore({ filename: file, synchronous: 'NORMAL' })
const job = { name: 'noop', queue: 'default', payload: { i: 1, t: 0 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'exponential' as const, baseMs: 1000, maxMs: 960000, jitter: true }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < N; i += 1000) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
let claimUs = 0
let settleUs = 0
for (;;) {
  let c = process.cpuUsage()
  const jobs = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
  let d = process.cpuUsage(c)
  claimUs += d.user + d.system
  if (jobs.length === 0) break
  c = process.cpuUsage()
  await store.settle({ outcomes: jobs.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null, stats: { pid: 1, host: 'h', durationMs: 1, memoryBefore: { rss: 1, heapUsed: 1 }, memoryAfter: { rss: 1, heapUsed: 1 } } })) })
  d = process.cpuUsage(c)
  settleUs += d.user + d.system
}
console.log(`cpu per job: claim ${(claimUs / N).toFixed(1)} us, settle ${(settleUs / N).toFixed(1)} us`)
await store.close()
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
