// The loop behind docs/benchmarks.md's side-table numbers: claim(300) + settle(300) in two
// connections over 60,000 jobs, PostgreSQL backend CPU per job from /proc, for schema v2's
// functions (`current`), the prototype of pg-side-tables.sql (`hot`), that of
// pg-generated-columns.sql (`gen`) or that of pg-side-tables-triggers.sql (`trig`). It imports pg and
// @queue/sql, so run it from the bench package after a build:
//   cp docs/experiments/pg-side-tables-loop.mjs tooling/bench/ && cd tooling/bench
//   node pg-side-tables-loop.mjs current; FF=50 node pg-side-tables-loop.mjs hot; FF=50 node pg-side-tables-loop.mjs gen
// It prints "<variant> <wall us per job> <PostgreSQL CPU us per job>".
import pg from 'pg'
import { readFileSync } from 'node:fs'
import { execSync } from 'node:child_process'
const url = 'postgres://postgres@127.0.0.1:5432/test'
const variant = process.argv[2]
const N = +(process.env.N ?? 60000)
const ff = process.env.FF ?? '60'
const admin = new pg.Client(url); await admin.connect()
const now = Date.now()
const fill = (t) => `insert into ${t} (queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, created_at)
  select 'default', 'bench', json_build_object('i', g, 't', ${now})::text, 'ready', 0, 3, '{"type":"exponential","delay":1000}', null, ${now}, ${now} from generate_series(1, ${N}) g`
let claimSql, settleSql
if (variant === 'current') {
  const { postgresStore } = await import('@queue/sql/postgres')
  const store = postgresStore({ connectionString: url, schema: 'fx2' })
  await store.migrate()
  await store.close()
  await admin.query('truncate fx2.queue_jobs')
  await admin.query(fill('fx2.queue_jobs'))
  await admin.query('analyze fx2.queue_jobs')
  claimSql = `select * from fx2.queue_claim_batch($1::bigint, 300, 'host:123:abcdef12'::text, $2::bigint, $3::text, null::text, null::integer, null::integer)`
  settleSql = `select * from fx2.queue_settle_batch($1::bigint, $2::text, 'ch'::text)`
} else {
  // Each prototype: its script, its schema, and what it needs beside the jobs (hot's ready rows).
  const prototypes = {
    hot: { file: 'pg-side-tables.sql', schema: 'hx', after: [`insert into hx.ready select id, queue, priority, run_at from hx.jobs`, 'analyze hx.ready'] },
    gen: { file: 'pg-generated-columns.sql', schema: 'gx', after: [] },
    trig: { file: 'pg-side-tables-triggers.sql', schema: 'tx', after: ['analyze tx.ready'] },
  }
  const prototype = prototypes[variant]
  if (prototype === undefined) throw new Error(`unknown variant ${variant}: current, ${Object.keys(prototypes).join(', ')}`)
  const { file, schema: s, after } = prototype
  execSync(`psql -h 127.0.0.1 -U postgres -d test -q -v ff=${ff} -f ${new URL(`../../docs/experiments/${file}`, import.meta.url).pathname} 2>/dev/null`)
  await admin.query(fill(`${s}.jobs`))
  for (const statement of [...after, `analyze ${s}.jobs`]) await admin.query(statement)
  claimSql = `select * from ${s}.claim($1::bigint, 300, 'host:123:abcdef12'::text, $2::bigint, $3::text)`
  settleSql = `select * from ${s}.settle($1::bigint, $2::text, 'ch'::text)`
}
await admin.query('checkpoint')
const pool = new pg.Pool({ connectionString: url, max: 2 })
const clients = [await pool.connect(), await pool.connect()]
const pids = []
for (const c of clients) pids.push((await c.query('select pg_backend_pid() p')).rows[0].p)
const ticks = () => pids.reduce((t, pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return t + (+f[11] + +f[12]) * 10000 }, 0)
const stats = '[1234,"host",0.012,100000000,20000000,100000000,20000000]'
let done = 0
async function loop(c) {
  for (let k = 0; ; k++) {
    const t = Date.now(); const token = `tok${k}${Math.random()}`.slice(0, 16)
    const { rows } = await c.query({ name: 'claim', text: claimSql, values: [t, t + 30000, token] })
    if (rows.length === 0) return
    const changes = '[' + rows.map((r) => `{"id":${r.id},"token":"${token}","state":"completed","give_back":0,"result":null,"stats":${stats}}`).join(',') + ']'
    const s = await c.query({ name: 'settle', text: settleSql, values: [Date.now(), changes] })
    done += s.rows.length
  }
}
const p0 = ticks(); const t0 = performance.now()
await Promise.all(clients.map(loop))
const ms = performance.now() - t0; const p1 = ticks()
if (done !== N) console.error(`only ${done} of ${N} settled`)
console.log(`${variant} ${(ms * 1000 / N).toFixed(2)} ${((p1 - p0) / N).toFixed(2)}`)
for (const c of clients) c.release()
await pool.end(); await admin.end()
