import mysql from 'mysql2/promise'
import { Queue } from '@queue/core'
import { afterAll, describe, expect, it } from 'vitest'
import { EVERY_VERSION, MYSQL_URL, suffix, withService } from '../../test/support.js'
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
    it('lets ten stores migrate one database at once and records each version once', async () => {
      const database = await freshDatabase()
      const stores = Array.from({ length: 10 }, () => mysqlStore({ uri: url(database), connectionLimit: 1 }))
      await Promise.all(stores.map((store) => store.migrate()))
      const [rows] = await admin.query(`SELECT version FROM \`${database}\`.queue_migrations ORDER BY version`)
      expect(rows).toEqual(EVERY_VERSION)
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
