/**
 * `node dist/ab/postgres.js <mod.sql | v2> [--jobs=N] [--batch=N]`: an A/B of a change to the
 * PostgreSQL schema or its functions, inside one process. Two schemas are migrated by the current
 * @queue/sql (`queue_ab_a`, `queue_ab_b`); `mod.sql` is then applied to B only (statements
 * separated by two semicolons, `{s}` standing for the schema). With `v2` instead, A stops at schema
 * version 2 (the previous release) and B is the current schema.
 * Both get the same backlog and are drained by each schema's claim + settle functions, alternating
 * batch by batch on one connection each; it prints each backend's CPU per job (from /proc) and B/A.
 */
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { migrations } from '@queue/sql'
import { postgresStore } from '@queue/sql/postgres'
import { PG_URL } from '../harness/env.js'
import { option } from './options.js'

const STATS = '[1234,"ab-host",0.012,100000000,20000000,100000000,20000000]'

interface Side {
  schema: string
  /** The schema version its functions are of. */
  version: number
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
if (modFile === undefined || modFile.startsWith('--')) throw new Error('usage: ab/postgres.js <mod.sql | v2> [--jobs=N] [--batch=N]')
const againstV2 = modFile === 'v2'
const mods = againstV2 ? [] : readFileSync(modFile, 'utf8').split(';;').map((s) => s.trim()).filter((s) => s !== '')

/** Schema `schema` at version 2 only: the previous release's tables and functions. */
async function migrateToV2(client: pg.Client, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA ${schema}`)
  for (const migration of migrations({ dialect: 'postgres', schema }).filter((m) => m.version <= 2)) {
    for (const statement of migration.statements) await client.query(statement)
  }
}
const jobs = Number(option('jobs', '60000'))
const batch = Number(option('batch', '300'))
const url = PG_URL
const admin = new pg.Client(url)
await admin.connect()
const now = Date.now()
const sides: Side[] = []
for (const schema of ['queue_ab_a', 'queue_ab_b']) {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  const version = againstV2 && schema === 'queue_ab_a' ? 2 : 3
  if (version === 2) await migrateToV2(admin, schema)
  else {
    const store = postgresStore({ connectionString: url, schema })
    await store.migrate()
    await store.close()
  }
  if (schema === 'queue_ab_b') for (const statement of mods) await admin.query(statement.replaceAll('{s}', schema))
  const v3 = version === 3 ? [', schema_version', ', 3'] : ['', '']
  await admin.query(`INSERT INTO ${schema}.queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, created_at${v3[0]})
    SELECT 'default', 'noop', json_build_object('i', g, 't', ${now})::text, 'ready', 500, 3, '{"type":"fixed","delayMs":1000}', NULL, ${now}, ${now}${v3[1]} FROM generate_series(1, ${jobs}) g`)
  if (version === 3) await admin.query(`INSERT INTO ${schema}.queue_ready (id, queue, priority, run_at, group_key) SELECT id, queue, priority, run_at, group_key FROM ${schema}.queue_jobs`)
  await admin.query(`ANALYZE ${schema}.queue_jobs`)
  const client = new pg.Client(url)
  await client.connect()
  const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid)
  sides.push({ schema, version, client, pid, cpu: 0, jobs: 0 })
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
      text: `SELECT * FROM ${side.schema}.queue_${side.version === 2 ? 'claim_batch' : 'claim_v3'}($1::bigint, $2::integer, 'ab:1:worker'::text, $3::bigint, $4::text, NULL::text, NULL::integer, NULL::integer)`,
      values: [at, batch, at + 30_000, token],
    })
    if (rows.length === 0) continue
    busy = true
    const changes = `[${rows.map((row) => `{"id":${row.id},"token":"${token}","state":"completed","give_back":0,"result":null,"stats":${STATS}}`).join(',')}]`
    const settled =
      side.version === 2
        ? await side.client.query({ name: 'settle', text: `SELECT * FROM ${side.schema}.queue_settle_batch($1::bigint, $2::text, 'queue_ab'::text)`, values: [Date.now(), changes] })
        : await side.client.query({ name: 'settle', text: `SELECT * FROM ${side.schema}.queue_settle_v3($1::bigint, $2::text, 'queue_ab'::text)`, values: [Date.now(), changes] })
    side.cpu += backendCpu(side.pid) - start
    side.jobs += settled.rows.length
  }
}
const [a, b] = sides as [Side, Side]
await new Promise((resolve) => setTimeout(resolve, 1_000)) // the statistics collector's flush
for (const side of sides) {
  const { rows } = await admin.query('SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2', [side.schema, 'queue_jobs'])
  const hot = rows[0] === undefined ? '' : `, ${((100 * Number(rows[0].n_tup_hot_upd)) / Math.max(1, Number(rows[0].n_tup_upd))).toFixed(0)}% of updates HOT`
  console.log(`${side.schema}: ${(side.cpu / side.jobs).toFixed(2)} us of PostgreSQL CPU per job (${side.jobs} jobs${hot})`)
}
console.log(`claim + settle batch ${batch}: PostgreSQL CPU B/A ${(b.cpu / b.jobs / (a.cpu / a.jobs)).toFixed(3)}`)
for (const side of sides) {
  await side.client.end()
  await admin.query(`DROP SCHEMA ${side.schema} CASCADE`)
}
await admin.end()
