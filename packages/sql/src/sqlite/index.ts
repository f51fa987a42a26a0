import { resolve } from 'node:path'
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import { names } from '../store/names.js'
import { sqlStore, type SqlJobStore } from '../store/sql-store.js'
import { isDatabase, sqliteExecutor } from './executor.js'
import { migrateSync } from './migrate.js'
import { localNotifier } from './notifier.js'

export { sqliteExecutor } from './executor.js'
export { LocalNotifier } from './notifier.js'

/** Options of `sqliteStore`: a file to open, or your own better-sqlite3 Database. */
export type SqliteStoreOptions = ({ filename: string; database?: never } | { database: Database.Database; filename?: never }) & {
  /** Default `queue_`. */
  tablePrefix?: string
  /**
   * `FULL` (default) makes every commit durable; `NORMAL` is faster in WAL mode and can lose the
   * last commits on power loss (never on a process crash). Applied only to a file the store opens.
   */
  synchronous?: 'FULL' | 'NORMAL'
  /** How long a writer waits for another process's lock. Default 5000 ms. */
  busyTimeoutMs?: number
  /** Migrate when the store is created (default true). The migration runs synchronously there. */
  autoMigrate?: boolean
}

/**
 * A job store on SQLite through better-sqlite3: WAL mode, a busy timeout and durable commits by
 * default, safe for several worker processes on one file. The schema is migrated synchronously
 * when the store is created, so `insert({ tx: db })` can write synchronously inside
 * `db.transaction(() => …)` or after a plain `BEGIN`. `close()` closes the file only if the store
 * opened it.
 *
 * @example
 * import { sqliteStore } from '@queue/sql/sqlite'
 * const store = sqliteStore({ filename: 'jobs.db' })
 */
export function sqliteStore(options: SqliteStoreOptions): SqlJobStore {
  if (options === null || typeof options !== 'object') throw new TypeError('sqliteStore needs { filename } or { database }')
  const owned = options.database === undefined
  if (!owned && !isDatabase(options.database)) throw new TypeError('sqliteStore: database must be a better-sqlite3 Database')
  if (owned && typeof options.filename !== 'string') throw new TypeError('sqliteStore: filename must be a string')
  const n = names('sqlite', options)
  const db = options.database ?? new Database(options.filename as string)
  if (owned) {
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`)
  }
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
  if (options.autoMigrate !== false) migrateSync(db, n)
  const file = db.memory ? `memory:${randomUUID()}` : resolve(db.name)
  const notifier = localNotifier(`${file}|${n.prefix}`, db.memory ? {} : { watch: file })
  const unwatch = db.memory ? () => {} : notifier.watchChanges(changedElsewhere(db))
  return sqlStore({
    executor: sqliteExecutor(db, { close: owned ? () => db.close() : undefined }),
    tablePrefix: n.prefix,
    notifier,
    notify: 'emulated',
    autoMigrate: false,
    migrator: async () => migrateSync(db, n),
    onClose: async () => {
      unwatch()
      if (owned) db.close()
    },
  })
}

/**
 * True when another connection committed to `db` since the last call: SQLite's `PRAGMA
 * data_version` changes for every commit but the connection's own. The WAL watch asks it, so our
 * own commits do not wake our own idle workers (an idle server worker claimed ~94 times a second
 * during webhook intake, ~3% of the server's CPU; docs/benchmarks.md, session 15).
 */
function changedElsewhere(db: Database.Database): () => boolean {
  const version = db.prepare<[], number>('PRAGMA data_version').pluck()
  let last = version.get()
  return () => {
    const now = version.get()
    const changed = now !== last
    last = now
    return changed
  }
}
