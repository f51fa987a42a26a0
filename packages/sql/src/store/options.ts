import type { Notifier, StoreCapabilities } from '@queue/core'
import type { Executor } from '../executor.js'

/** Options of `sqlStore`: everything a store needs besides the executor's database. */
export interface SqlStoreOptions {
  /** Runs the SQL; its `dialect` picks the statements. */
  executor: Executor
  /** PostgreSQL schema holding the tables (created when missing). Default: the connection's search_path. */
  schema?: string
  /** Prefix of every table and index name: `${tablePrefix}jobs`. Default `queue_`. */
  tablePrefix?: string
  /** Wake-ups for idle workers (postgres: LISTEN connection, sqlite: in-process emitter). */
  notifier?: Notifier
  /** How `notifier` works; default `'none'` without a notifier, `'native'` on postgres, `'emulated'` elsewhere. */
  notify?: StoreCapabilities['notify']
  /** Migrate on first use (default true). With false, call `migrate()` or run `migrationSql()` yourself. */
  autoMigrate?: boolean
  /** Replaces the migration runner (sqliteStore runs it synchronously: an async BEGIN IMMEDIATE in one process can deadlock another connection's synchronous busy wait). */
  migrator?: () => Promise<void>
  /** Called after the store closes its own resources (executors it opened, a LISTEN connection). */
  onClose?: () => Promise<void>
}
