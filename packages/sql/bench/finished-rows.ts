/**
 * Does a large finished history slow the hot path? Times claim+settle of 100 and counts() with
 * 0 and with FINISHED finished rows in the table (postgres and sqlite).
 *   node --conditions=source --import jiti/register bench/finished-rows.ts [finished]
 */
import { rmSync } from 'node:fs'
import pg from 'pg'
import type { JobStore } from '@queue/core'
import { postgresStore } from '../src/postgres/index.js'
import { sqliteStore } from '../src/sqlite/index.js'
import type { SqlJobStore } from '../src/store/sql-store.js'
const FINISHED = Number(process.argv[2] ?? 200_000)
const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const job = { name: 'noop', queue: 'default', payload: { i: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }

async function measure(store: JobStore): Promise<string> {
  await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
  let t = performance.now()
  for (let i = 0; i < 10; i++) {
    const c = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
    await store.settle({ outcomes: c.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
  }
  const batch = (performance.now() - t) / 10
  t = performance.now()
  await store.counts({})
  return `claim+settle ${batch.toFixed(1)} ms/100, counts ${(performance.now() - t).toFixed(1)} ms`
}

async function seed(store: SqlJobStore, table: string): Promise<void> {
  const series = store.executor.dialect === 'postgres' ? `generate_series(1, ${FINISHED})` : `(WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < ${FINISHED}) SELECT x FROM g)`
  // postgres (schema v3): every row carries the schema version that wrote it.
  const version = store.executor.dialect === 'postgres' ? [', schema_version', ', 3'] : ['', '']
  await store.executor.query(`INSERT INTO ${table} (queue, name, payload, state, priority, attempts, max_attempts, backoff, run_at, created_at, finished_at${version[0]})
    SELECT 'default', 'noop', '{}', 'completed', 500, 1, 25, '{}', 0, 0, 1${version[1]} FROM ${series} AS s`)
}

{
  const schema = `bench_fin_${process.pid}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  for (const finished of [false, true]) {
    const store = postgresStore({ connectionString: PG_URL, schema: `${schema}_${finished ? 'f' : 'e'}` })
    await store.migrate()
    if (finished) await seed(store, `"${schema}_f".queue_jobs`)
    console.log(`postgres, ${finished ? FINISHED : 0} finished rows: ${await measure(store)}`)
    await store.close()
    await admin.query(`DROP SCHEMA "${schema}_${finished ? 'f' : 'e'}" CASCADE`)
  }
  await admin.end()
}
for (const finished of [false, true]) {
  const file = `/tmp/queue-fin-${process.pid}-${finished}.db`
  const store = sqliteStore({ filename: file })
  if (finished) await seed(store, '"queue_jobs"')
  console.log(`sqlite, ${finished ? FINISHED : 0} finished rows: ${await measure(store)}`)
  await store.close()
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
}
