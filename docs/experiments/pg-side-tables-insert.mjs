// Session 10 (docs/benchmarks.md): what inserts cost with the `ready` side table of
// pg-side-tables.sql against schema v2: a uniform batch insert (8 x 5,000 jobs) and 2,000 one-job
// inserts, in the SQL insert.ts writes (and, for the prototype, the same plus the `ready` row).
// Prints wall and PostgreSQL backend CPU per job. Run it from the bench package after a build:
//   cp docs/experiments/pg-side-tables-insert.mjs tooling/bench/ && cd tooling/bench
//   node pg-side-tables-insert.mjs current; FF=50 node pg-side-tables-insert.mjs hot
import pg from 'pg'
import { readFileSync } from 'node:fs'
import { execSync } from 'node:child_process'
const url = 'postgres://postgres@127.0.0.1:5432/test'
const variant = process.argv[2]
const admin = new pg.Client(url); await admin.connect()
const c = new pg.Client(url); await c.connect()
const pid = (await c.query('select pg_backend_pid() p')).rows[0].p
const ticks = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (+f[11] + +f[12]) * 10000 }
let bulk, one
if (variant === 'current') {
  const { postgresStore } = await import('@queue/sql/postgres')
  const store = postgresStore({ connectionString: url, schema: 'fx3' }); await store.migrate(); await store.close()
  await admin.query('truncate fx3.queue_jobs')
  // the store's uniform-batch and one-job statements, as insert.ts writes them
  bulk = `WITH ins AS (INSERT INTO "fx3".queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, group_key, unique_key, created_at)
    SELECT 'default'::text, 'bench'::text, p.value::text, 'ready'::text, 500::integer, 3::integer, '{"type":"exponential"}'::text, NULL::bigint, $1::bigint, NULL::text, NULL::text, $1::bigint FROM json_array_elements($2::json) AS p
    RETURNING id, unique_key, queue, state), woke AS (SELECT pg_notify('ch', q.queue) FROM (SELECT DISTINCT queue FROM ins WHERE state = 'ready') q)
    SELECT ins.id, ins.unique_key, (SELECT count(*) FROM woke) AS woke FROM ins ORDER BY ins.id`
  one = `WITH ins AS (INSERT INTO "fx3".queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, group_key, unique_key, created_at)
    VALUES ('default'::text, 'bench'::text, $2::text, 'ready'::text, 500::integer, 3::integer, '{"type":"exponential"}'::text, NULL::bigint, $1::bigint, NULL::text, NULL::text, $1::bigint)
    RETURNING id, unique_key, queue, state) SELECT ins.id, ins.unique_key, CASE WHEN ins.state = 'ready' THEN pg_notify('ch', ins.queue)::text END AS woke FROM ins`
} else {
  execSync(`psql -h 127.0.0.1 -U postgres -d test -q -v ff=${process.env.FF ?? 50} -f ${new URL('../../docs/experiments/pg-side-tables.sql', import.meta.url).pathname} 2>/dev/null`)
  bulk = `WITH ins AS (INSERT INTO hx.jobs (queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, group_key, unique_key, created_at)
    SELECT 'default'::text, 'bench'::text, p.value::text, 'ready'::text, 500::integer, 3::integer, '{"type":"exponential"}'::text, NULL::bigint, $1::bigint, NULL::text, NULL::text, $1::bigint FROM json_array_elements($2::json) AS p
    RETURNING id, unique_key, queue, state, priority, run_at), rd AS (INSERT INTO hx.ready (id, queue, priority, run_at) SELECT id, queue, priority, run_at FROM ins WHERE state = 'ready'),
    woke AS (SELECT pg_notify('ch', q.queue) FROM (SELECT DISTINCT queue FROM ins WHERE state = 'ready') q)
    SELECT ins.id, ins.unique_key, (SELECT count(*) FROM woke) AS woke FROM ins ORDER BY ins.id`
  one = `WITH ins AS (INSERT INTO hx.jobs (queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, group_key, unique_key, created_at)
    VALUES ('default'::text, 'bench'::text, $2::text, 'ready'::text, 500::integer, 3::integer, '{"type":"exponential"}'::text, NULL::bigint, $1::bigint, NULL::text, NULL::text, $1::bigint)
    RETURNING id, unique_key, queue, state, priority, run_at), rd AS (INSERT INTO hx.ready (id, queue, priority, run_at) SELECT id, queue, priority, run_at FROM ins WHERE state = 'ready')
    SELECT ins.id, ins.unique_key, CASE WHEN ins.state = 'ready' THEN pg_notify('ch', ins.queue)::text END AS woke FROM ins`
}
await admin.query('checkpoint')
const B = 5000, BATCHES = 8, ONE = 2000
let p0 = ticks(), t0 = performance.now()
for (let b = 0; b < BATCHES; b++) await c.query({ name: 'bulk', text: bulk, values: [Date.now(), '[' + Array.from({ length: B }, (_, i) => `{"i":${b * B + i}}`).join(',') + ']'] })
const bulkWall = (performance.now() - t0) * 1000 / (B * BATCHES), bulkCpu = (ticks() - p0) / (B * BATCHES)
p0 = ticks(); t0 = performance.now()
for (let i = 0; i < ONE; i++) await c.query({ name: 'one', text: one, values: [Date.now(), `{"i":${i}}`] })
const oneWall = (performance.now() - t0) * 1000 / ONE, oneCpu = (ticks() - p0) / ONE
console.log(`${variant} bulk wall ${bulkWall.toFixed(2)} cpu ${bulkCpu.toFixed(2)} | one wall ${oneWall.toFixed(1)} cpu ${oneCpu.toFixed(1)} (us per job)`)
await c.end(); await admin.end()
