import type Database from 'better-sqlite3'
import { migrationsFor, migrationsTableSql, schemaVersion } from '../schema/migrations.js'
import { SchemaTooNewError } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { toNumber } from '../store/rows.js'
import { runSync } from './executor.js'

/** The migration runner of `schema/migrate.ts`, synchronously: BEGIN IMMEDIATE is the lock. */
export function migrateSync(db: Database.Database, n: Names): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    runSync(db, migrationsTableSql(n))
    const applied = new Set(runSync(db, `SELECT version FROM ${n.migrations}`).rows.map((row) => toNumber(row.version)))
    const newest = Math.max(0, ...applied)
    if (newest > schemaVersion('sqlite')) throw new SchemaTooNewError(newest, schemaVersion('sqlite'))
    for (const migration of migrationsFor(n)) {
      if (applied.has(migration.version)) continue
      for (const statement of migration.statements) db.exec(statement)
      runSync(db, `INSERT INTO ${n.migrations} (version, name, applied_at) VALUES (?, ?, ?)`, [migration.version, migration.name, Date.now()])
    }
    db.exec('COMMIT')
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw error
  }
}
