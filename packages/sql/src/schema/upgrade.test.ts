import Database from 'better-sqlite3'
import pg from 'pg'
import { Queue, Worker } from '@queue/core'
import { newJob } from '@queue/core/testing'
import { afterAll, describe, expect, it } from 'vitest'
import { everyVersion, PG_URL, suffix, withService } from '../../test/support.js'
import { postgresStore } from '../postgres/index.js'
import { sqliteStore } from '../sqlite/index.js'
import { names } from '../store/names.js'
import { migrationsFor, migrationsTableSql, schemaSql } from './migrations.js'

/** Stats as version 1 stored them: the RunStats object as JSON. */
const V1_STATS = { pid: 7, host: 'old-host', durationMs: 1.5, memoryBefore: { rss: 10, heapUsed: 5 }, memoryAfter: { rss: 11, heapUsed: 6 } }
const NOW = 1_700_000_000_000

/** The schema up to version `last` only, as a database created by that release holds it, its versions recorded. */
function statementsUpTo(last: number, dialect: 'sqlite' | 'postgres', schema?: string): string[] {
  const n = names(dialect, schema === undefined ? {} : { schema })
  const statements = [...schemaSql(n), migrationsTableSql(n)]
  for (const migration of migrationsFor(n).filter((m) => m.version <= last)) {
    statements.push(...migration.statements, `INSERT INTO ${n.migrations} (version, name, applied_at) VALUES (${migration.version}, '${migration.name}', 0)`)
  }
  return statements
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
    for (const statement of statementsUpTo(1, 'sqlite')) db.prepare(statement).run()
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
      for (const statement of statementsUpTo(1, 'postgres', schema)) await admin.query(statement)
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

await withService('PostgreSQL', '127.0.0.1', 5432, () => {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 })
  const schema = `queue_upgrade_v2_${suffix()}`
  const jobs = `"${schema}"."queue_jobs"`
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  })

  /** Inserts a row as version 2 wrote it (no `schema_version`, no side tables); returns its id. */
  async function v2Insert(values: { name: string; state?: string; runAt?: number; group?: string; key?: string; lease?: { token: string; until: number } }): Promise<string> {
    const { rows } = await admin.query(
      `INSERT INTO ${jobs} (queue, name, payload, state, priority, attempts, max_attempts, backoff, run_at, group_key, unique_key, locked_by, locked_until, lock_token, created_at)
       VALUES ('default', $1, '{}', $2, 500, $3, 3, '{"type":"fixed","delayMs":1000}', $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [values.name, values.state ?? 'ready', values.lease === undefined ? 0 : 1, values.runAt ?? NOW, values.group ?? null, values.key ?? null, values.lease === undefined ? null : 'v2-worker', values.lease?.until ?? null, values.lease?.token ?? null, NOW],
    )
    return String(rows[0].id)
  }

  describe('upgrading a version-2 database', () => {
    it('postgres: keeps every job claimable, leased, grouped and keyed as it was, and fences off version-2 writers', async () => {
      for (const statement of statementsUpTo(2, 'postgres', schema)) await admin.query(statement)
      const ready = await v2Insert({ name: 'ready' })
      await v2Insert({ name: 'later', state: 'scheduled', runAt: NOW + 60_000 })
      const leased = await v2Insert({ name: 'leased', state: 'active', lease: { token: 'v2-token-000001', until: NOW + 30_000 } })
      const running = await v2Insert({ name: 'group-running', state: 'active', group: 'g', lease: { token: 'v2-token-000002', until: NOW + 30_000 } })
      const queued = await v2Insert({ name: 'group-next', state: 'ready', group: 'g' })
      const keyed = await v2Insert({ name: 'keyed', state: 'ready', key: 'k' })
      await v2Insert({ name: 'done', state: 'completed', key: 'k-done' })

      const store = postgresStore({ connectionString: PG_URL, schema, autoMigrate: false })
      await store.migrate()
      expect((await admin.query(`SELECT version FROM "${schema}".queue_migrations ORDER BY version`)).rows).toEqual(everyVersion('postgres'))

      // A v2 worker's lease still holds until it runs out; its group stays blocked meanwhile.
      const at = (ms: number): Date => new Date(NOW + ms)
      const claim = (ms: number) => store.claim({ workerId: 'w3', limit: 10, leaseMs: 300_000, now: at(ms) })
      expect((await claim(1_000)).map((job) => job.id).sort()).toEqual([ready, keyed].sort())
      // uniqueKey: the key of the unfinished job is held, the finished one's is free.
      const [dup, fresh] = await store.insert({ jobs: [newJob({ name: 'keyed-again', uniqueKey: 'k', runAt: at(1_000) }), newJob({ name: 'done-again', uniqueKey: 'k-done', runAt: at(1_000) })], now: at(1_000) })
      expect(dup).toMatchObject({ duplicate: true, job: { id: keyed } })
      expect(fresh?.duplicate).toBe(false)
      expect(await store.settle({ outcomes: [{ type: 'complete', lease: { id: leased, token: 'v2-token-000001' }, result: 'settled by v3' }], now: at(2_000) })).toEqual([
        { id: leased, ok: true },
      ])
      expect(await store.reclaimExpired({ limit: 10, now: at(20_000) })).toBe(0)
      expect(await store.reclaimExpired({ limit: 10, now: at(31_000) })).toBe(1)
      expect(await store.get({ id: running })).toMatchObject({ state: 'ready', lastError: 'lease expired' })
      // The group runs in order again: its reclaimed head first, then the job behind it.
      const next = await claim(61_000)
      expect(next.map((job) => job.name).sort()).toEqual(['done-again', 'group-running', 'later'])
      const head = next.find((job) => job.id === running)
      await store.settle({ outcomes: [{ type: 'complete', lease: head!.lease, result: null }], now: at(62_000) })
      expect((await claim(63_000)).map((job) => job.id)).toEqual([queued])

      // Version-2 writers fail loudly instead of writing rows no claim would see.
      await expect(v2Insert({ name: 'from-v2', state: 'ready' })).rejects.toThrow(/schema_version/)
      await expect(admin.query(`SELECT * FROM "${schema}".queue_claim_batch(1, 1, 'w', 2, 't', NULL, NULL, NULL)`)).rejects.toThrow(/does not exist/)
      await expect(admin.query(`SELECT * FROM "${schema}".queue_settle_batch(1, '[]', 'c')`)).rejects.toThrow(/does not exist/)
      expect((await admin.query(`SELECT count(*)::int AS n FROM ${jobs} WHERE name = 'from-v2'`)).rows).toEqual([{ n: 0 }])
      await store.close()
    })
  })
})
