/**
 * `node dist/ab/postgres.js <mod.sql> [--jobs=N] [--batch=N]`: an A/B of a change to the PostgreSQL
 * schema or its functions, inside one process. Two schemas are migrated by the current
 * @queue/sql (`queue_ab_a`, `queue_ab_b`); `mod.sql` is then applied to B only (statements
 * separated by two semicolons, `{s}` standing for the schema; `docs/experiments/pg-claims-table.sql` is one).
 * Both get the same backlog and are drained by claim_batch + settle_batch, alternating batch by
 * batch on one connection each; it prints each backend's CPU per job (from /proc) and B/A.
 */
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { postgresStore } from '@queue/sql/postgres'
import { PG_URL } from '../harness/env.js'
import { option } from './options.js'

const STATS = '[1234,"ab-host",0.012,100000000,20000000,100000000,20000000]'

interface Side {
  schema: string
  client: pg.Client
  pid: number
  cpu: number
  jobs: number
}

/** A backend's CPU time so far, in microseconds (utime + stime, in clock ticks of 10 ms). */
function backendCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

const modFile = process.argv[2]
if (modFile === undefined || modFile.startsWith('--')) throw new Error('usage: ab/postgres.js <mod.sql> [--jobs=N] [--batch=N]')
const mods = readFileSync(modFile, 'utf8').split(';;').map((s) => s.trim()).filter((s) => s !== '')
const jobs = Number(option('jobs', '60000'))
const batch = Number(option('batch', '300'))
const url = PG_URL
const admin = new pg.Client(url)
await admin.connect()
const now = Date.now()
const sides: Side[] = []
for (const schema of ['queue_ab_a', 'queue_ab_b']) {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  const store = postgresStore({ connectionString: url, schema })
  await store.migrate()
  await store.close()
  if (schema === 'queue_ab_b') for (const statement of mods) await admin.query(statement.replaceAll('{s}', schema))
  await admin.query(`INSERT INTO ${schema}.queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, created_at)
    SELECT 'default', 'noop', json_build_object('i', g, 't', ${now})::text, 'ready', 500, 3, '{"type":"fixed","delayMs":1000}', NULL, ${now}, ${now} FROM generate_series(1, ${jobs}) g`)
  await admin.query(`ANALYZE ${schema}.queue_jobs`)
  const client = new pg.Client(url)
  await client.connect()
  const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid)
  sides.push({ schema, client, pid, cpu: 0, jobs: 0 })
}
await admin.query('CHECKPOINT')
let round = 0
for (let busy = true; busy; ) {
  busy = false
  for (const side of sides) {
    const at = Date.now()
    const token = `ab${round++}${Math.random().toString(36).slice(2)}`.slice(0, 16)
    const start = backendCpu(side.pid)
    const { rows } = await side.client.query({
      name: 'claim',
      text: `SELECT * FROM ${side.schema}.queue_claim_batch($1::bigint, $2::integer, 'ab:1:worker'::text, $3::bigint, $4::text, NULL::text, NULL::integer, NULL::integer)`,
      values: [at, batch, at + 30_000, token],
    })
    if (rows.length === 0) continue
    busy = true
    const changes = `[${rows.map((row) => `{"id":${row.id},"token":"${token}","state":"completed","give_back":0,"result":null,"stats":${STATS}}`).join(',')}]`
    const settled = await side.client.query({ name: 'settle', text: `SELECT * FROM ${side.schema}.queue_settle_batch($1::bigint, $2::text, 'queue_ab'::text)`, values: [Date.now(), changes] })
    side.cpu += backendCpu(side.pid) - start
    side.jobs += settled.rows.length
  }
}
const [a, b] = sides as [Side, Side]
for (const side of sides) console.log(`${side.schema}: ${(side.cpu / side.jobs).toFixed(2)} us of PostgreSQL CPU per job (${side.jobs} jobs)`)
console.log(`claim + settle batch ${batch}: PostgreSQL CPU B/A ${(b.cpu / b.jobs / (a.cpu / a.jobs)).toFixed(3)}`)
for (const side of sides) {
  await side.client.end()
  await admin.query(`DROP SCHEMA ${side.schema} CASCADE`)
}
await admin.end()
