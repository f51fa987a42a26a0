import type { Executor } from '@queue/sql'
import type { DataSource } from 'typeorm'
import { TypeormStoreError } from '../errors.js'
import { dialectOf } from './dialect.js'
import { pooledExecutor } from './pooled.js'
import { sqliteExecutor, type SqliteExecutorOptions } from './sqlite.js'

export type { SqliteExecutorOptions } from './sqlite.js'

/** Options of `typeormExecutor`. */
export type TypeormExecutorOptions = SqliteExecutorOptions

/**
 * The `@queue/sql` executor over a TypeORM DataSource (postgres, mysql/mariadb, better-sqlite3).
 * Its `adopt(tx)` accepts the `EntityManager` of `dataSource.transaction(async (em) => ...)` (or a
 * QueryRunner inside `startTransaction()`), so the store's insert joins that transaction.
 */
export function typeormExecutor(dataSource: DataSource, options: TypeormExecutorOptions = {}): Executor {
  if (!dataSource.isInitialized) {
    throw new TypeormStoreError('the DataSource is not initialized: await dataSource.initialize() before creating the store')
  }
  return dialectOf(dataSource) === 'sqlite' ? sqliteExecutor(dataSource, options) : pooledExecutor(dataSource)
}
