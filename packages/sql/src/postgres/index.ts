import pg from 'pg'
import { names } from '../store/names.js'
import { sqlStore, type SqlJobStore } from '../store/sql-store.js'
import { pgExecutor } from './executor.js'
import { PgNotifier } from './notifier.js'

export { pgExecutor, type PgExecutorOptions } from './executor.js'
export { PgNotifier, type PgNotifierOptions } from './notifier.js'

/** Options of `postgresStore`: one object, a connection string or your own pool, plus naming. */
export type PostgresStoreOptions = ({ connectionString: string; pool?: never } | { pool: pg.Pool; connectionString?: never }) & {
  /** Schema holding the tables, created when missing. Default: the connection's search_path (public). */
  schema?: string
  /** Default `queue_`. */
  tablePrefix?: string
  /** Pool size when the store opens its own pool. Default 10. */
  max?: number
  /** Named prepared statements (default true); turn off behind PgBouncer in transaction mode. */
  prepare?: boolean
  /** Migrate on first use (default true). */
  autoMigrate?: boolean
}

/** The LISTEN/NOTIFY channel a store with this schema and prefix notifies on. */
export function postgresChannel(options: { schema?: string; tablePrefix?: string } = {}): string {
  return names('postgres', options).channel
}

/**
 * A job store on PostgreSQL through pg. Claims are one `FOR UPDATE SKIP LOCKED` statement, settles
 * one statement per batch, and inserts notify (`pg_notify`) in the same statement, so listeners
 * wake when the inserting transaction commits. `insert({ tx: client })` runs on a pg client inside
 * your transaction. `close()` ends the pool only if the store created it, and always the LISTEN
 * connection it opened.
 *
 * @example
 * import { postgresStore } from '@queue/sql/postgres'
 * const store = postgresStore({ connectionString: process.env.DATABASE_URL!, schema: 'jobs' })
 */
export function postgresStore(options: PostgresStoreOptions): SqlJobStore {
  if (options === null || typeof options !== 'object') throw new TypeError('postgresStore needs { connectionString } or { pool }')
  const owned = options.pool === undefined
  if (owned && typeof options.connectionString !== 'string') throw new TypeError('postgresStore: connectionString must be a string')
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 })
  if (owned) pool.on('error', () => {}) // an idle client's lost connection is replaced on the next checkout
  const executor = pgExecutor(pool, { ownsPool: owned, ...(options.prepare === undefined ? {} : { prepare: options.prepare }) })
  const naming = { ...(options.schema === undefined ? {} : { schema: options.schema }), ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }) }
  const notifier = new PgNotifier({
    connection: owned ? { connectionString: options.connectionString } : (pool as unknown as { options: pg.ClientConfig }).options,
    channel: postgresChannel(naming),
    sender: pool,
  })
  return sqlStore({
    executor,
    ...naming,
    notifier,
    notify: 'native',
    ...(options.autoMigrate === undefined ? {} : { autoMigrate: options.autoMigrate }),
    onClose: async () => {
      await notifier.close()
      await executor.close?.()
    },
  })
}
