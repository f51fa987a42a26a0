import mysql from 'mysql2/promise'
import { storeConformance } from '@queue/core/testing'
import { afterAll } from 'vitest'
import { MYSQL_URL, suffix, withService } from '../../test/support.js'
import { mysqlStore } from './index.js'

await withService('MariaDB/MySQL', '127.0.0.1', 3306, () => {
  const admin = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 2 })
  afterAll(() => admin.end())
  const url = (database: string): string => MYSQL_URL.replace(/\/[^/]*$/, `/${database}`)

  storeConformance('mysql', async () => {
    const database = `queue_test_${suffix()}`
    await admin.query(`CREATE DATABASE \`${database}\``)
    const store = mysqlStore({ uri: url(database), connectionLimit: 4 })
    await store.migrate()
    const own = mysql.createPool({ uri: url(database), connectionLimit: 2 })
    return {
      store,
      peer: async () => mysqlStore({ uri: url(database), connectionLimit: 2 }),
      // A mysql2 connection inside the caller's own transaction.
      transaction: async (fn, { rollback }) => {
        const connection = await own.getConnection()
        try {
          await connection.beginTransaction()
          try {
            await fn(connection)
          } finally {
            await (rollback ? connection.rollback() : connection.commit())
          }
        } finally {
          connection.release()
        }
      },
      cleanup: async () => {
        await own.end()
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``)
      },
    }
  })
})
