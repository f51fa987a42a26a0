import { migrationSql, type Dialect } from '@queue/sql'
import { PrismaStoreError } from './errors.js'

/** Options of `queueMigrationSql`. */
export interface QueueMigrationSqlOptions {
  /** The `provider` of your schema.prisma datasource. */
  provider: 'postgresql' | 'mysql' | 'sqlite'
  /** PostgreSQL schema of the queue tables (created when missing). */
  schema?: string
  /** Prefix of the queue tables. Default `queue_`. */
  tablePrefix?: string
}

const DIALECTS: Record<QueueMigrationSqlOptions['provider'], Dialect> = { postgresql: 'postgres', mysql: 'mysql', sqlite: 'sqlite' }

/**
 * The queue's schema as one SQL script for a Prisma migration folder
 * (`prisma/migrations/<timestamp>_queue/migration.sql`): `@queue/sql`'s `migrationSql` for your
 * provider, with the version rows a store started later checks. Idempotent statements, so it is safe
 * over a database where a store already migrated itself. Create the store with `autoMigrate: false`
 * and the same options.
 *
 * @example
 * writeFileSync('prisma/migrations/20261201000000_queue/migration.sql', queueMigrationSql({ provider: 'postgresql' }))
 */
export function queueMigrationSql(options: QueueMigrationSqlOptions): string {
  const dialect = DIALECTS[options.provider]
  if (dialect === undefined) throw new PrismaStoreError(`unsupported provider ${JSON.stringify(options.provider)}: use postgresql, mysql or sqlite`)
  return migrationSql({
    dialect,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
  })
}
