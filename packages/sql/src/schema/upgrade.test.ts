import Database from 'better-sqlite3'
import pg from 'pg'
import { Queue, Worker } from '@queue/core'
import { afterAll, describe, expect, it } from 'vitest'
import { everyVersion, PG_URL, suffix, withService } from '../../test/support.js'
import { postgresStore } from '../postgres/index.js'
import { sqliteStore } from '../sqlite/index.js'
import { names } from '../store/names.js'
import { migrationsFor, migrationsTableSql, schemaSql } from './migrations.js'

/** Stats as version 1 stored them: the RunStats object as JSON. */
const V1_STATS = { pid: 7, host: 'old-host', durationMs: 1.5, memoryBefore: { rss: 10, heapUsed: 5 }, memoryAfter: { rss: 11, heapUsed: 6 } }
const NOW = 1_700_000_000_000

/** The version-1 schema only, as a database created by the previous release holds it. */
function v1Statements(dialect: 'sqlite' | 'postgres', schema?: string): string[] {
  const n = names(dialect, schema === undefined ? {} : { schema })
  const [v1] = migrationsFor(n)
  if (v1?.version !== 1) throw new Error('no version 1')
  return [...schemaSql(n), migrationsTableSql(n), ...v1.statements, `INSERT INTO ${n.migrations} (version, name, applied_at) VALUES (1, 'jobs table', 0)`]
}

/** A finished job with v1 stats and a ready job, written as version 1 wrote them. */
function v1Rows(jobs: string): string[] {
  const columns = 'queue, name, payload, state, priority, attempts, max_attempts, backoff, run_at, created_at'
  return [
    `INSERT INTO ${jobs} (${columns}, result, stats, finished_at) VALUES ('default', 'old', '{}', 'completed', 500, 1, 3, '{"type":"exponential","delayMs":1000}', ${NOW}, ${NOW}, '"done"', '${JSON.stringify(V1_STATS)}', ${NOW})`,
    `INSERT INTO ${jobs} (${columns}) VALUES ('default', 'work', '{"n":1}', 'ready', 500, 0, 3, '{"type":"exponential","delayMs":1000}', ${NOW}, ${NOW})`,
  ]
}

/** After the upgrade: both versions recorded, the old job reads back whole, the waiting one runs and settles. */
async function expectUpgraded(store: ReturnType<typeof sqliteStore>, versions: () => Promise<unknown[]>): Promise<void> {
  await store.migrate()
  expect(await versions()).toEqual(everyVersion(store.executor.dialect))
  const { jobs } = await store.list({ state: 'completed' })
  expect(jobs).toHaveLength(1)
  expect(jobs[0]?.stats).toEqual(V1_STATS)
  expect(jobs[0]?.result).toBe('done')
  const worker = new Worker({ store, handlers: { work: (payload: { n: number }) => payload.n + 1 }, logger: { debug() {}, info() {}, warn() {}, error() {} } })
  await worker.drain()
  const done = (await store.list({ state: 'completed' })).jobs.find((job) => job.name === 'work')
  expect(done?.result).toBe(2)
  expect(done?.stats?.pid).toBe(process.pid)
  expect(done?.stats?.memoryAfter.rss).toBeGreaterThan(0)
  // A job enqueued after the upgrade goes through as well.
  await new Queue({ store }).add('work', { n: 41 })
  await worker.drain()
  expect((await store.counts({})).completed).toBe(3)
}

describe('upgrading a version-1 database', () => {
  it('sqlite: migrates to the current version, keeps every job, and drops the old state index', async () => {
    const db = new Database(':memory:')
    for (const statement of v1Statements('sqlite')) db.prepare(statement).run()
    for (const statement of v1Rows('"queue_jobs"')) db.prepare(statement).run()
    const store = sqliteStore({ database: db, autoMigrate: false })
    await expectUpgraded(store, async () => db.prepare('SELECT version FROM queue_migrations ORDER BY version').all())
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'queue_jobs'").all()
    expect(indexes).not.toContainEqual({ name: 'queue_jobs_state' })
    expect(indexes).toContainEqual({ name: 'queue_jobs_active' })
    await store.close()
    db.close()
  })
})

await withService('PostgreSQL', '127.0.0.1', 5432, () => {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 })
  const schema = `queue_upgrade_${suffix()}`
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  })

  describe('upgrading a version-1 database', () => {
    it('postgres: migrates to the current version, keeps every job, and drops the old state index', async () => {
      for (const statement of v1Statements('postgres', schema)) await admin.query(statement)
      for (const statement of v1Rows(`"${schema}"."queue_jobs"`)) await admin.query(statement)
      const store = postgresStore({ connectionString: PG_URL, schema, autoMigrate: false })
      await expectUpgraded(store, async () => (await admin.query(`SELECT version FROM "${schema}".queue_migrations ORDER BY version`)).rows)
      const { rows } = await admin.query('SELECT indexname FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname', [schema])
      const indexes = rows.map((row: { indexname: string }) => row.indexname)
      expect(indexes).not.toContain('queue_jobs_state')
      // Schema v3: no index of the jobs table mentions `state`; claims read `ready` and `claims`.
      expect(indexes).not.toContain('queue_jobs_active')
      expect(indexes).not.toContain('queue_jobs_claim_queue')
      expect(indexes).toContain('queue_jobs_ready_queue')
      expect(indexes).toContain('queue_jobs_claims_until')
      await store.close()
    })
  })
})
