import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { sqliteStore } from '../sqlite/index.js'
import { everyVersion } from '../../test/support.js'
import { migrationSql, migrationStatements } from './migrations.js'

/** Every table and index of a SQLite database, as SQLite stores their definitions. */
function schemaOf(db: Database.Database): unknown[] {
  return db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all()
}

describe('migrationStatements', () => {
  it('gives the schema of migrationSql one statement per entry, each one runnable alone', () => {
    const byScript = new Database(':memory:')
    const byStatement = new Database(':memory:')
    byScript.exec(migrationSql({ dialect: 'sqlite', tablePrefix: 'm_' }))
    for (const statement of migrationStatements({ dialect: 'sqlite', tablePrefix: 'm_' })) byStatement.prepare(statement).run()
    expect(schemaOf(byStatement)).toEqual(schemaOf(byScript))
    expect(schemaOf(byStatement).length).toBeGreaterThan(2)
    byScript.close()
    byStatement.close()
  })

  it('leaves a store started over them with nothing to migrate', async () => {
    const db = new Database(':memory:')
    for (const statement of migrationStatements({ dialect: 'sqlite', tablePrefix: 'm_' })) db.prepare(statement).run()
    const store = sqliteStore({ database: db, tablePrefix: 'm_', autoMigrate: false })
    await store.migrate()
    expect(db.prepare('SELECT version FROM m_migrations ORDER BY version').all()).toEqual(everyVersion('sqlite'))
    await store.close()
    db.close()
  })

  it('creates the postgres schema first and names it in every table', () => {
    const statements = migrationStatements({ dialect: 'postgres', schema: 'jobs', tablePrefix: 'm_' })
    expect(statements[0]).toBe('CREATE SCHEMA IF NOT EXISTS "jobs"')
    expect(statements.filter((s) => s.startsWith('CREATE TABLE')).every((s) => s.includes('"jobs".'))).toBe(true)
  })
})
