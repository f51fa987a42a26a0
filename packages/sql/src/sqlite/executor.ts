import type Database from 'better-sqlite3'
import type { Executor, QueryResult, SqlValue } from '../executor.js'

type Statement = Database.Statement<unknown[], unknown>

/** A prepared statement and, for one that returns rows, a compiled constructor of its row objects. */
interface Prepared {
  statement: Statement
  row: ((values: unknown[]) => Record<string, unknown>) | null
}

/** Prepared statements per connection: preparing costs more than running our small statements. */
const caches = new WeakMap<Database.Database, Map<string, Prepared>>()

/**
 * Rows come back as arrays (`raw` mode) and become objects through a constructor compiled for the
 * statement's columns: better-sqlite3's own row objects cost 11 us per 23-column job row here,
 * arrays 4 us, and the compiled object literal adds under 1 us.
 */
function rowConstructor(statement: Statement): (values: unknown[]) => Record<string, unknown> {
  const fields = statement.columns().map((column, i) => `${JSON.stringify(column.name)}: v[${i}]`)
  return new Function('v', `return { ${fields.join(', ')} }`) as (values: unknown[]) => Record<string, unknown>
}

function prepared(db: Database.Database, sql: string): Prepared {
  let cache = caches.get(db)
  if (cache === undefined) caches.set(db, (cache = new Map()))
  let entry = cache.get(sql)
  if (entry === undefined) {
    const statement = db.prepare<unknown[], unknown>(sql)
    entry = { statement, row: statement.reader ? rowConstructor(statement.raw(true)) : null }
    cache.set(sql, entry)
  }
  return entry
}

/** Runs one statement synchronously; the result is ready before the caller's promise exists. */
export function runSync(db: Database.Database, sql: string, params: readonly SqlValue[] = []): QueryResult {
  const { statement, row } = prepared(db, sql)
  if (row !== null) {
    const rows = (statement.all(...params) as unknown[][]).map(row)
    return { rows, affected: rows.length }
  }
  const { changes, lastInsertRowid } = statement.run(...params)
  return { rows: [], affected: changes, lastInsertId: Number(lastInsertRowid) }
}

/** Looks like a better-sqlite3 Database (duck-typed: a second copy of the module still works). */
export function isDatabase(value: unknown): value is Database.Database {
  return typeof value === 'object' && value !== null && typeof (value as Database.Database).prepare === 'function' && typeof (value as Database.Database).exec === 'function' && 'inTransaction' in value
}

/**
 * The executor over a better-sqlite3 Database. Queries run synchronously (better-sqlite3 is a
 * synchronous driver); `transaction` is `BEGIN IMMEDIATE … COMMIT`, and while one is open every
 * other call waits, because all of them share the one connection.
 */
export function sqliteExecutor(db: Database.Database, options: { close?: () => void } = {}): Executor {
  let busy: Promise<void> | null = null

  const inline = (handle: Database.Database): Executor => ({
    dialect: 'sqlite',
    reportsInsertId: true,
    query: async (sql, params) => runSync(handle, sql, params),
    transaction: (fn) => fn(inline(handle)),
    transactionSync: async (fn) => fn((sql, params) => runSync(handle, sql, params)),
  })
  const tx = inline(db)

  return {
    dialect: 'sqlite',
    reportsInsertId: true,
    query(sql, params) {
      if (busy !== null) return busy.then(() => this.query(sql, params))
      try {
        return Promise.resolve(runSync(db, sql, params))
      } catch (error) {
        return Promise.reject(error)
      }
    },
    async transaction(fn) {
      while (busy !== null) await busy
      let release!: () => void
      busy = new Promise<void>((resolve) => (release = resolve))
      try {
        db.exec('BEGIN IMMEDIATE')
        try {
          const result = await fn(tx)
          db.exec('COMMIT')
          return result
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK')
          throw error
        }
      } finally {
        busy = null
        release()
      }
    },
    async transactionSync(fn) {
      while (busy !== null) await busy
      db.exec('BEGIN IMMEDIATE')
      try {
        const result = fn((sql, params) => runSync(db, sql, params))
        db.exec('COMMIT')
        return result
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK')
        throw error
      }
    },
    /** The caller's own Database (inside `db.transaction(() => …)` or after `BEGIN`): written synchronously. */
    adopt(value) {
      return isDatabase(value) ? inline(value) : null
    },
    async close() {
      options.close?.()
    },
  }
}
