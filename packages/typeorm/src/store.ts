import type { Notifier } from '@queue/core'
import { localNotifier, sqlStore, type ClosableNotifier, type SqlJobStore } from '@queue/sql'
import type { DataSource } from 'typeorm'
import { typeormExecutor } from './executor/index.js'
import { postgresNotifier } from './notify/postgres.js'

/** Options of `typeormStore`. */
export interface TypeormStoreOptions {
  /** PostgreSQL schema of the queue tables. Default: the DataSource's `schema` option, else its search_path. */
  schema?: string
  /** Prefix of the queue tables: `${tablePrefix}jobs`. Default `queue_`. */
  tablePrefix?: string
  /** Create or upgrade the tables on first use (default true). With false, run them from your own migrations. */
  autoMigrate?: boolean
  /** SQLite only: how long the store waits for your open transaction on TypeORM's one connection. Default 5000 ms. */
  busyTimeoutMs?: number
  /**
   * Wake-ups for idle workers. Default: LISTEN/NOTIFY on postgres (one extra connection, opened when
   * a worker first listens), in-process on SQLite, none on MySQL/MariaDB (workers poll).
   */
  notifier?: Notifier
}

/**
 * A job store over your TypeORM DataSource (postgres, mysql/mariadb or better-sqlite3; initialized):
 * the `@queue/sql` store running its SQL through TypeORM's connections. Pass the EntityManager of
 * `dataSource.transaction(async (em) => ...)` as `tx` and the job commits, or rolls back, with your
 * entities. `close()` leaves the DataSource open: it is yours.
 *
 * @example
 * const store = typeormStore(dataSource)
 * const queue = new Queue({ store })
 * await dataSource.transaction(async (em) => {
 *   const user = await em.save(User, { email })
 *   await queue.add('welcome-email', { userId: user.id }, { tx: em })
 * })
 */
export function typeormStore(dataSource: DataSource, options: TypeormStoreOptions = {}): SqlJobStore {
  const executor = typeormExecutor(dataSource, options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs })
  const configuredSchema = (dataSource.options as { schema?: string }).schema
  const schema = options.schema ?? (executor.dialect === 'postgres' ? configuredSchema : undefined)
  const naming = {
    ...(schema === undefined ? {} : { schema }),
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
  }
  const owned: ClosableNotifier | undefined =
    options.notifier === undefined && executor.dialect === 'postgres' ? postgresNotifier(dataSource, naming) : undefined
  const notifier = options.notifier ?? owned ?? (executor.dialect === 'sqlite' ? localNotifier(dataSource) : undefined)
  const store = sqlStore({
    executor,
    ...naming,
    ...(options.autoMigrate === undefined ? {} : { autoMigrate: options.autoMigrate }),
    ...(notifier === undefined ? {} : { notifier }),
    onClose: async () => {
      await owned?.close()
      await executor.close?.()
    },
  })
  // SQLite: migrate now, so that the first `add(..., { tx })` inside a transaction finds the tables
  // (the migration could not run while that transaction holds the one connection). A failure is
  // not lost: the next operation migrates again and rejects with it.
  if (executor.dialect === 'sqlite' && options.autoMigrate !== false) store.migrate().catch(() => {})
  return store
}
