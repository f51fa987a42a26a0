import type { Dialect } from '@queue/sql'
import type { DataSource } from 'typeorm'
import { TypeormStoreError } from '../errors.js'

/** The DataSource `type`s the store supports, and the SQL dialect each one speaks. */
const DIALECTS: Record<string, Dialect> = {
  postgres: 'postgres',
  mysql: 'mysql',
  mariadb: 'mysql',
  'better-sqlite3': 'sqlite',
}

/** The SQL dialect of a DataSource; a typed error for a driver the store does not support. */
export function dialectOf(dataSource: DataSource): Dialect {
  const dialect = DIALECTS[dataSource.options.type]
  if (!dialect) {
    throw new TypeormStoreError(
      `@queue/typeorm supports DataSources of type ${Object.keys(DIALECTS).join(', ')}; got "${dataSource.options.type}"`,
    )
  }
  return dialect
}
