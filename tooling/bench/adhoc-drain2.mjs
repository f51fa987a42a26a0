import pg from 'pg'
import { readFileSync } from 'node:fs'
import { postgresStore } from '@queue/sql/postgres'
import { Queue, Worker } from '@queue/core'
const url = 'postgres://postgres@127.0.0.1:5432/test'
const variant = process.argv[2] ?? 'base'
const N = +(process.env.N ?? 40000)
const schema = 'adhoc_drain'
const admin = new pg.Client(url); await admin.connect()
await admin.query(`drop schema if exists ${schema} cascade`)
const store = await postgresStore({ connectionString: url, schema })
await store.migrate()
const queue = new Queue({ store })
const PRE = { base: '', generic: `alter function ${schema}.queue_claim_batch(bigint, integer, text, bigint, text, text, integer, integer) set plan_cache_mode = force_generic_plan; alter function ${schema}.queue_settle_batch(bigint, text, text) set plan_cache_mode = force_generic_plan`, noactive: `drop index ${schema}.queue_jobs_active` }[variant] ?? ''
for (const sql of PRE.split(';').filter(Boolean)) await admin.query(sql)
for (let i = 0; i < N; i += 10000) await queue.addMany(Array.from({ length: 10000 }, (_, k) => ({ name: 'bench', payload: { i: i + k, t: Date.now() } })))
await admin.query(`analyze ${schema}.queue_jobs`)
const pgTicks = async () => { const { rows } = await admin.query(`select pid from pg_stat_activity where datname = 'test'`); let t = 0; for (const { pid } of rows) { try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); t += (+f[11] + +f[12]) * 10000 } catch {} } return t }
let done = 0, resolve
const finished = new Promise((r) => (resolve = r))
const worker = new Worker({ store, concurrency: 10, leaseMs: 30000, reclaimMs: 600000, handlers: { bench: async () => { if (++done === N) resolve() } } })
const p0 = await pgTicks(); const c0 = process.cpuUsage(); const t0 = performance.now()
await worker.start()
await finished
const ms = performance.now() - t0; const c = process.cpuUsage(c0); const p1 = await pgTicks()
console.log(`${variant} ${(ms * 1000 / N).toFixed(2)} ${((c.user + c.system + p1 - p0) / N).toFixed(2)}`)
await worker.stop(); await store.close()
await admin.query(`drop schema if exists ${schema} cascade`); await admin.end()
