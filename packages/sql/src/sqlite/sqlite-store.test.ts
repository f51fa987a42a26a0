import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { storeConformance } from '@queue/core/testing'
import { sqliteStore } from './index.js'

storeConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'queue-sql-'))
  const filename = join(dir, 'jobs.db')
  const store = sqliteStore({ filename })
  return {
    store,
    peer: async () => sqliteStore({ filename }),
    // The caller's own connection, as an application would hold it: plain BEGIN, then our insert.
    transaction: async (fn, { rollback }) => {
      const db = new Database(filename)
      db.pragma('busy_timeout = 5000')
      try {
        db.exec('BEGIN')
        try {
          await fn(db)
        } finally {
          db.exec(rollback ? 'ROLLBACK' : 'COMMIT')
        }
      } finally {
        db.close()
      }
    },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  }
})
