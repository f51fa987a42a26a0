import mysql from 'mysql2/promise'
import { Queue } from '@queue/core'
import { afterAll, describe, expect, it } from 'vitest'
import { everyVersion, MYSQL_URL, suffix, withService } from '../../test/support.js'
import { isIndexAlreadyThere, migrationStatements } from '../schema/migrations.js'
import { mysqlStore } from './index.js'

await withService('MariaDB/MySQL', '127.0.0.1', 3306, () => {
  const admin = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 2 })
  const databases: string[] = []
  const url = (database: string): string => MYSQL_URL.replace(/\/[^/]*$/, `/${database}`)
  const freshDatabase = async (): Promise<string> => {
    const database = `queue_test_${suffix()}`
    databases.push(database)
    await admin.query(`CREATE DATABASE \`${database}\``)
    return database
  }
  afterAll(async () => {
    for (const database of databases) await admin.query(`DROP DATABASE IF EXISTS \`${database}\``)
    await admin.end()
  })

  describe('mysql store', () => {
    it('takes the schema script twice over a migrated database, skipping only the index that exists', async () => {
      const database = await freshDatabase()
      const store = mysqlStore({ uri: url(database) })
      await store.migrate()
      const connection = await mysql.createConnection({ uri: url(database) })
      let skipped = 0
      for (const statement of migrationStatements({ dialect: 'mysql' })) {
        await connection.query(statement).catch((error: unknown) => {
          if (!isIndexAlreadyThere(error, statement)) throw error
          skipped++
        })
      }
      expect(skipped).toBe(1)
      await expect(connection.query('CREATE TABLE queue_jobs (id INT)')).rejects.toSatisfy((error: unknown) => !isIndexAlreadyThere(error, 'CREATE TABLE queue_jobs (id INT)'))
      // A one-queue claim runs down the per-queue claim index.
      const [plan] = await connection.query(
        "EXPLAIN SELECT j.id FROM queue_jobs j FORCE INDEX (queue_jobs_claim_queue) WHERE j.claimable = 1 AND j.queue = 'default' ORDER BY j.queue, j.priority DESC, j.run_at, j.id LIMIT 10",
      )
      expect(JSON.stringify(plan)).toContain('queue_jobs_claim_queue')
      await new Queue({ store }).addMany([{ name: 'other', payload: 1, options: { queue: 'hooks' } }, { name: 'mine', payload: 2 }])
      expect((await store.claim({ workerId: 'w', limit: 5, leaseMs: 30_000, queues: ['default'] })).map((job) => job.name)).toEqual(['mine'])
      await connection.end()
      await store.close()
    })

    it('runs a settle again when the database picks it as a deadlock victim', async () => {
      // Another transaction holds job B and eleven other rows, the settle takes A and waits for B,
      // then the other asks for A: a deadlock, and InnoDB rolls back the lighter settle. The store
      // runs the settle again (it changed nothing), which then waits for the other to commit.
      const database = await freshDatabase()
      const store = mysqlStore({ uri: url(database) })
      await store.migrate()
      const queue = new Queue({ store })
      await queue.addMany(Array.from({ length: 13 }, (_, i) => ({ name: 'job', payload: i })))
      const [a, b] = await store.claim({ workerId: 'w', limit: 2, leaseMs: 30_000 })
      const other = await mysql.createConnection({ uri: url(database) })
      try {
        await other.query('BEGIN')
        await other.query('UPDATE queue_jobs SET progress = ? WHERE id = ? OR id > ?', ['"held"', b!.id, Number(b!.id)])
        const settling = store.settle({ outcomes: [a!, b!].map((job) => ({ type: 'complete' as const, lease: job.lease, result: job.id })) })
        settling.catch(() => {})
        await new Promise((resolve) => setTimeout(resolve, 300))
        await other.query('UPDATE queue_jobs SET progress = ? WHERE id = ?', ['"held"', a!.id])
        await other.query('COMMIT')
        expect(await settling).toEqual([a!, b!].map((job) => ({ id: job.id, ok: true })))
        for (const job of [a!, b!]) expect(await store.get({ id: job.id })).toMatchObject({ state: 'completed', result: job.id, progress: 'held' })
      } finally {
        await other.end()
        await store.close()
      }
    })

    it('lets ten stores migrate one database at once and records each version once', async () => {
      const database = await freshDatabase()
      const stores = Array.from({ length: 10 }, () => mysqlStore({ uri: url(database), connectionLimit: 1 }))
      await Promise.all(stores.map((store) => store.migrate()))
      const [rows] = await admin.query(`SELECT version FROM \`${database}\`.queue_migrations ORDER BY version`)
      expect(rows).toEqual(everyVersion('mysql'))
      await Promise.all(stores.map((store) => store.close()))
    })

    it('enqueues on a mysql2 connection inside the caller’s transaction: rolled back, then committed', async () => {
      const database = await freshDatabase()
      const store = mysqlStore({ uri: url(database) })
      await store.migrate()
      const queue = new Queue({ store })
      const pool = mysql.createPool({ uri: url(database), connectionLimit: 2 })
      const connection = await pool.getConnection()
      try {
        await connection.beginTransaction()
        await queue.add('rolled-back', {}, { tx: connection })
        await connection.rollback()
        await connection.beginTransaction()
        const job = await queue.add('committed', {}, { tx: connection })
        expect(await store.claim({ workerId: 'w', limit: 10, leaseMs: 1000 })).toEqual([])
        await connection.commit()
        expect((await store.claim({ workerId: 'w', limit: 10, leaseMs: 1000 })).map((j) => j.id)).toEqual([job.id])
      } finally {
        connection.release()
        await pool.end()
        await store.close()
      }
    })

    it('closes only what it opened: your pool stays usable', async () => {
      const database = await freshDatabase()
      const pool = mysql.createPool({ uri: url(database), connectionLimit: 2 })
      const store = mysqlStore({ pool })
      await store.migrate()
      await store.close()
      const [rows] = await pool.query('SELECT 1 AS one')
      expect(rows).toEqual([{ one: 1 }])
      await pool.end()
    })
  })
})
