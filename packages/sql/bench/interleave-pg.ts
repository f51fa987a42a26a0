/**
 * Raw loop and store, one batch each in turn on one connection pool, so machine load hits both
 * alike: prints milliseconds per claim and per complete/settle of 100 jobs for each.
 *   node --conditions=source --import jiti/register bench/interleave-pg.ts [batches]
 */
import pg from 'pg'
import { postgresStore } from '../src/postgres/index.js'
const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const BATCHES = Number(process.argv[2] ?? 100)
const N = BATCHES * 100
const raw = `bench_ri_${process.pid}`
const t = `"${raw}".jobs`
const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
await pool.query(`create schema "${raw}"`)
await pool.query(`create table ${t} (id bigserial primary key, queue text not null default 'default', payload jsonb not null,
  state text not null default 'ready', priority int not null default 500, run_at timestamptz not null default now(),
  attempts int not null default 0, locked_until timestamptz, created_at timestamptz not null default now(), finished_at timestamptz)`)
await pool.query(`create index on ${t} (priority desc, run_at, id) where state = 'ready'`)
for (let i = 0; i < N; i += 1000) await pool.query(`insert into ${t} (payload) select * from unnest($1::jsonb[])`, [Array.from({ length: 1000 }, (_, k) => JSON.stringify({ i: i + k }))])
const schema = `bench_si_${process.pid}`
const store = postgresStore({ connectionString: PG_URL, schema, max: 2 })
await store.migrate()
const job = { name: 'noop', queue: 'default', payload: { i: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'exponential' as const, baseMs: 1000, maxMs: 960000, jitter: true }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < N; i += 1000) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
const claimSql = `with c as (select id from ${t} where state = 'ready' and run_at <= now() order by priority desc, run_at, id limit $1 for update skip locked)
  update ${t} j set state = 'active', attempts = j.attempts + 1, locked_until = now() + interval '30 seconds' from c where j.id = c.id returning j.id, j.payload`
const ms = { rawClaim: 0, rawDone: 0, claim: 0, settle: 0 }
for (let b = 0; b < BATCHES; b++) {
  let s = performance.now()
  const { rows } = await pool.query({ name: 'claim', text: claimSql, values: [100] })
  ms.rawClaim += performance.now() - s
  s = performance.now()
  await pool.query({ name: 'complete', text: `update ${t} set state = 'completed', finished_at = now(), locked_until = null where id = any($1::bigint[])`, values: [rows.map((r) => r.id)] })
  ms.rawDone += performance.now() - s
  s = performance.now()
  const jobs = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
  ms.claim += performance.now() - s
  s = performance.now()
  await store.settle({ outcomes: jobs.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
  ms.settle += performance.now() - s
}
const per = (x: number): string => (x / BATCHES).toFixed(2)
console.log(`per batch of 100 (ms): raw claim ${per(ms.rawClaim)}, raw complete ${per(ms.rawDone)} | store claim ${per(ms.claim)}, store settle ${per(ms.settle)} | ratio ${((ms.rawClaim + ms.rawDone) / (ms.claim + ms.settle)).toFixed(2)}`)
await store.close()
await pool.query(`drop schema "${raw}" cascade`)
await pool.query(`drop schema "${schema}" cascade`)
await pool.end()
