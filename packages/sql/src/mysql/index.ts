import mysql from 'mysql2/promise'
import type { Pool } from 'mysql2/promise'
import { sqlStore, type SqlJobStore } from '../store/sql-store.js'
import { mysqlExecutor } from './executor.js'

export { mysqlExecutor, type MysqlExecutorOptions } from './executor.js'

/** Options of `mysqlStore`: a connection URI or your own mysql2/promise pool, plus a table prefix. */
export type MysqlStoreOptions = ({ uri: string; pool?: never } | { pool: Pool; uri?: never }) & {
  /** Default `queue_`. */
  tablePrefix?: string
  /** Pool size when the store opens its own pool. Default 10. */
  connectionLimit?: number
  /** Migrate on first use (default true). */
  autoMigrate?: boolean
}

/**
 * A job store on MySQL 8 / MariaDB 10.6+ through mysql2. Claims lock a batch with
 * `FOR UPDATE SKIP LOCKED` in one short READ COMMITTED transaction. MySQL has no LISTEN/NOTIFY, so
 * workers poll (`capabilities.notify` is `'none'`). `insert({ tx: connection })` runs on a mysql2
 * connection inside your transaction. `close()` ends the pool only if the store created it.
 *
 * @example
 * import { mysqlStore } from '@queue/sql/mysql'
 * const store = mysqlStore({ uri: 'mysql://root@127.0.0.1:3306/app' })
 */
export function mysqlStore(options: MysqlStoreOptions): SqlJobStore {
  if (options === null || typeof options !== 'object') throw new TypeError('mysqlStore needs { uri } or { pool }')
  const owned = options.pool === undefined
  if (owned && typeof options.uri !== 'string') throw new TypeError('mysqlStore: uri must be a string')
  const pool = options.pool ?? mysql.createPool({ uri: options.uri as string, connectionLimit: options.connectionLimit ?? 10, supportBigNumbers: true })
  const executor = mysqlExecutor(pool, { ownsPool: owned })
  return sqlStore({
    executor,
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
    notify: 'none',
    ...(options.autoMigrate === undefined ? {} : { autoMigrate: options.autoMigrate }),
    onClose: async () => {
      await executor.close?.()
    },
  })
}
