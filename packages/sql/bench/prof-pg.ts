import pg from 'pg'
import { postgresStore } from '../src/postgres/index.js'
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test'
const schema = `prof_${process.pid}`
const store = postgresStore({ connectionString: PG_URL, schema, max: 4 })
await store.migrate()
const job = { name: 'noop', queue: 'default', payload: { i: 1, t: 0 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'exponential' as const, baseMs: 1000, maxMs: 960000, jitter: true }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < 20; i++) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
const c0 = process.cpuUsage(); const t0 = performance.now()
let claimMs = 0, settleMs = 0
for (;;) {
  let t = performance.now()
  const jobs = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
  claimMs += performance.now() - t
  if (jobs.length === 0) break
  t = performance.now()
  await store.settle({ outcomes: jobs.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
  settleMs += performance.now() - t
}
const d = process.cpuUsage(c0)
console.log({ wallMs: performance.now() - t0, claimMs, settleMs, cpuUs_per_job: (d.user + d.system) / 20000 })
await store.close()
const admin = new pg.Client({ connectionString: PG_URL }); await admin.connect(); await admin.query(`drop schema "${schema}" cascade`); await admin.end()
