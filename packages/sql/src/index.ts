export type { Dialect, Executor, QueryResult, Row, SqlValue } from './executor.js'
export type { SqlStoreOptions } from './store/options.js'
export { sqlStore, type SqlJobStore } from './store/sql-store.js'
export {
  isIndexAlreadyThere,
  migrationSql,
  migrationStatements,
  migrations,
  SCHEMA_VERSION,
  schemaVersion,
  type Migration,
  type MigrationSqlOptions,
} from './schema/migrations.js'
export { InvalidIdentifierError, SchemaTooNewError, SqlStoreClosedError, UnsupportedTransactionError } from './store/errors.js'
export { LEASE_EXPIRED } from './ops/leases.js'
export { LocalNotifier, localNotifier } from './notify/local.js'
export { deferredNotifier, type ClosableNotifier } from './notify/deferred.js'
