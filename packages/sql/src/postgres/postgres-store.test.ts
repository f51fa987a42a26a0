import pg from 'pg'
import { storeConformance } from '@queue/core/testing'
import { afterAll } from 'vitest'
import { PG_URL, suffix, withService } from '../../test/support.js'
import { postgresStore } from './index.js'

await withService('PostgreSQL', '127.0.0.1', 5432, () => {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 })
  afterAll(() => admin.end())

  storeConformance('postgres', async () => {
    const schema = `queue_test_${suffix()}`
    const store = postgresStore({ connectionString: PG_URL, schema, max: 4 })
    await store.migrate()
    return {
      store,
      peer: async () => postgresStore({ connectionString: PG_URL, schema, max: 2 }),
      // A raw pg client inside the caller's own BEGIN, as an application holds it.
      transaction: async (fn, { rollback }) => {
        const client = await admin.connect()
        try {
          await client.query('BEGIN')
          try {
            await fn(client)
          } finally {
            await client.query(rollback ? 'ROLLBACK' : 'COMMIT')
          }
        } finally {
          client.release()
        }
      },
      cleanup: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      },
    }
  })
})
