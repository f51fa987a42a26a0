import pg from 'pg'
import { Queue } from '@queue/core'
import { afterAll, describe, expect, it } from 'vitest'
import { everyVersion, PG_URL, suffix, withService } from '../../test/support.js'
import { migrationSql } from '../schema/migrations.js'
import { postgresStore } from './index.js'

await withService('PostgreSQL', '127.0.0.1', 5432, () => {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 3 })
  const schemas: string[] = []
  const freshSchema = (): string => {
    const schema = `queue_test_${suffix()}`
    schemas.push(schema)
    return schema
  }
  afterAll(async () => {
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  })

  describe('postgres store', () => {
    it('lets ten stores migrate one schema at once and records each version once', async () => {
      const schema = freshSchema()
      const stores = Array.from({ length: 10 }, () => postgresStore({ connectionString: PG_URL, schema, max: 1 }))
      await Promise.all(stores.map((store) => store.migrate()))
      const { rows } = await admin.query(`SELECT version FROM "${schema}".queue_migrations ORDER BY version`)
      expect(rows).toEqual(everyVersion('postgres'))
      await Promise.all(stores.map((store) => store.close()))
    })

    it('migrates on first use without an explicit migrate()', async () => {
      const schema = freshSchema()
      const store = postgresStore({ connectionString: PG_URL, schema })
      await new Queue({ store }).add('first', {})
      expect((await store.counts({})).ready).toBe(1)
      await store.close()
    })

    it('accepts a schema created from migrationSql() by the user’s own tooling', async () => {
      const schema = freshSchema()
      await admin.query(migrationSql({ dialect: 'postgres', schema, tablePrefix: 'app_' }))
      const store = postgresStore({ connectionString: PG_URL, schema, tablePrefix: 'app_' })
      await store.migrate()
      const { rows } = await admin.query(`SELECT version FROM "${schema}".app_migrations ORDER BY version`)
      expect(rows).toEqual(everyVersion('postgres'))
      // The script is idempotent: run again over jobs, it leaves each claimable once and the v3 indexes only.
      const added = await new Queue({ store }).addMany([{ name: 'a', payload: 1 }, { name: 'b', payload: 2 }])
      await admin.query(migrationSql({ dialect: 'postgres', schema, tablePrefix: 'app_' }))
      const claimed = await store.claim({ workerId: 'w', limit: 10, leaseMs: 30_000 })
      expect(claimed.map((job) => job.id).sort()).toEqual(added.map((job) => job.id).sort())
      expect(await store.claim({ workerId: 'w', limit: 10, leaseMs: 30_000 })).toEqual([])
      const { rows: indexes } = await admin.query("SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'app_jobs' ORDER BY indexname", [schema])
      expect(indexes.map((row: { indexname: string }) => row.indexname)).toEqual(['app_jobs_live_group', 'app_jobs_live_key', 'app_jobs_pkey', 'app_jobs_running_group'])
      await store.close()
    })

    it('wakes a LISTEN listener only once the inserting transaction commits', async () => {
      const schema = freshSchema()
      const store = postgresStore({ connectionString: PG_URL, schema })
      await store.migrate()
      const heard: string[] = []
      const stop = await store.notifier!.listen((queue) => heard.push(queue))
      const client = await admin.connect()
      try {
        await client.query('BEGIN')
        await new Queue({ store }).add('mail', {}, { tx: client, queue: 'emails' })
        await new Promise((resolve) => setTimeout(resolve, 100))
        expect(heard).toEqual([])
        await client.query('COMMIT')
        const deadline = Date.now() + 3000
        while (!heard.includes('emails') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
        expect(heard).toContain('emails')
      } finally {
        client.release()
        await stop()
        await store.close()
      }
    })

    it('closes only what it opened: your pool stays usable', async () => {
      const schema = freshSchema()
      const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
      const store = postgresStore({ pool, schema })
      await store.migrate()
      await store.close()
      expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
      await pool.end()
    })

    it('refuses a transaction handle it does not understand with a typed error', async () => {
      const schema = freshSchema()
      const store = postgresStore({ connectionString: PG_URL, schema })
      await expect(store.insert({ jobs: [], tx: admin })).rejects.toThrow(/cannot use this transaction/)
      await store.close()
    })
    it('lets a claim skip the WAL flush wait for its own commit only, never for the connection’s later statements', async () => {
      const schema = freshSchema()
      // One connection, so whatever a claim leaves set would show on the next statement.
      const pool = new pg.Pool({ connectionString: PG_URL, max: 1 })
      const store = postgresStore({ pool, schema })
      await new Queue({ store }).addMany([{ name: 'a', payload: 1 }, { name: 'b', payload: 2 }])
      const claimed = await store.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 })
      expect(claimed).toHaveLength(1)
      expect((await pool.query('SHOW synchronous_commit')).rows).toEqual([{ synchronous_commit: 'on' }])
      expect(await store.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 })).toHaveLength(1)
      expect(await store.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 })).toHaveLength(0)
      expect((await pool.query('SHOW synchronous_commit')).rows).toEqual([{ synchronous_commit: 'on' }])
      await store.close()
      await pool.end()
    })
    it('claims past ready rows whose jobs moved on behind its back (a cancel by an older release), deleting them', async () => {
      const schema = freshSchema()
      const store = postgresStore({ connectionString: PG_URL, schema })
      const jobs = await new Queue({ store }).addMany(Array.from({ length: 12 }, (_, i) => ({ name: `j${i}`, payload: i })))
      // What version 2's cancel does: the job changes, its `ready` row stays.
      await admin.query(`UPDATE "${schema}".queue_jobs SET state = 'cancelled' WHERE id = ANY ($1::bigint[])`, [jobs.slice(0, 9).map((job) => job.id)])
      const claimed = await store.claim({ workerId: 'w', limit: 2, leaseMs: 30_000 })
      expect(claimed.map((job) => job.name)).toEqual(['j9', 'j10'])
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM "${schema}".queue_ready`)
      expect(rows).toEqual([{ n: 1 }])
      const { rows: batches } = await admin.query(`SELECT pending, cardinality(COALESCE(ids, more_ids)) AS n FROM "${schema}".queue_claims`)
      expect(batches).toEqual([{ pending: 2, n: 2 }])
      await store.close()
    })

    it('keeps a claim batch of any size: up to 900 ids stored uncompressed, more beside them, all reclaimed', async () => {
      const schema = freshSchema()
      const store = postgresStore({ connectionString: PG_URL, schema })
      await new Queue({ store }).addMany(Array.from({ length: 1_500 }, (_, i) => ({ name: 'n', payload: i })))
      const now = Date.now()
      expect(await store.claim({ workerId: 'w', limit: 300, leaseMs: 1_000, now: new Date(now) })).toHaveLength(300)
      expect(await store.claim({ workerId: 'w', limit: 1_200, leaseMs: 1_000, now: new Date(now) })).toHaveLength(1_200)
      const { rows } = await admin.query(
        `SELECT cardinality(ids) AS plain, cardinality(more_ids) AS more, pending FROM "${schema}".queue_claims ORDER BY pending`,
      )
      expect(rows).toEqual([
        { plain: 300, more: null, pending: 300 },
        { plain: null, more: 1_200, pending: 1_200 },
      ])
      expect(await store.reclaimExpired({ limit: 2_000, now: new Date(now + 2_000) })).toBe(1_500)
      expect((await admin.query(`SELECT count(*)::int AS n FROM "${schema}".queue_claims`)).rows).toEqual([{ n: 0 }])
      await store.close()
    })

    it('cancels a job while a claim holds its ready row, without a deadlock: ready row first, job second, as the claim', async () => {
      const schema = freshSchema()
      const store = postgresStore({ connectionString: PG_URL, schema })
      const [job] = await new Queue({ store }).addMany([{ name: 'contested', payload: 1 }])
      const claimer = await admin.connect()
      try {
        // The claim's two statements, held apart: lock the ready row, then (later) lease the job.
        await claimer.query('BEGIN')
        await claimer.query(`SELECT 1 FROM "${schema}".queue_ready WHERE id = $1 FOR UPDATE`, [job!.id])
        const cancel = store.cancel({ id: job!.id })
        await new Promise((resolve) => setTimeout(resolve, 200))
        await claimer.query(`UPDATE "${schema}".queue_jobs SET state = 'active', lock_token = 'tok' WHERE id = $1`, [job!.id])
        await claimer.query(`DELETE FROM "${schema}".queue_ready WHERE id = $1`, [job!.id])
        await claimer.query('COMMIT')
        expect(await cancel).toMatchObject({ changed: true, job: { state: 'cancelled', lockedUntil: null } })
      } finally {
        claimer.release()
      }
      await store.close()
    })

    it('claims one queue down its own index, never walking the backlog of another queue', async () => {
      const schema = freshSchema()
      // One connection, so the session settings below apply to the store's statements.
      const pool = new pg.Pool({ connectionString: PG_URL, max: 1 })
      const store = postgresStore({ pool, schema })
      const queue = new Queue({ store })
      await queue.addMany(Array.from({ length: 2000 }, (_, i) => ({ name: 'waiting', payload: i, options: { queue: 'hooks' } })))
      await queue.add('mine', {}, { queue: 'default' })
      const plans: string[] = []
      const client = await pool.connect()
      client.on('notice', (notice) => plans.push(String(notice.message)))
      await client.query("LOAD 'auto_explain'")
      await client.query('SET auto_explain.log_min_duration = 0')
      await client.query('SET auto_explain.log_nested_statements = on')
      await client.query('SET auto_explain.log_analyze = on')
      await client.query("SET auto_explain.log_level = 'notice'")
      client.release()
      const claimed = await store.claim({ workerId: 'w', limit: 10, leaseMs: 30_000, queues: ['default'] })
      expect(claimed.map((job) => job.name)).toEqual(['mine'])
      const plan = plans.find((p) => p.includes('LockRows')) ?? ''
      expect(plan).toContain('queue_jobs_ready_queue')
      expect(plan).not.toMatch(/Rows Removed by Filter: [1-9]/)
      // The claim deletes the `ready` rows it took by ctid, never by scanning the table.
      expect(plan).toContain('Tid Scan on queue_ready')
      plans.length = 0
      expect(await store.claim({ workerId: 'w', limit: 5, leaseMs: 30_000 })).toHaveLength(5)
      expect(plans.find((p) => p.includes('LockRows'))).toContain('queue_jobs_ready_all')
      await store.close()
      await pool.end()
    })
  })
})
