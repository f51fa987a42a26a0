import { isIndexAlreadyThere, migrationStatements, type Dialect } from '@queue/sql'
import type { MigrationInterface, QueryRunner } from 'typeorm'
import { dialectOf } from './executor/dialect.js'

/** Options of `queueMigration`: the same naming as the store's. */
export interface QueueMigrationOptions {
  /** PostgreSQL schema of the queue tables (created when missing). */
  schema?: string
  /** Prefix of the queue tables. Default `queue_`. */
  tablePrefix?: string
}

/**
 * The queue's schema as statements for `dialect`: `@queue/sql`'s `migrationStatements` (tables,
 * indexes and the version rows a store started later checks), one statement per entry. Every statement
 * is idempotent, so the migration is safe over a database where a store already migrated itself.
 */
export function queueMigrationStatements(dialect: Dialect, options: QueueMigrationOptions = {}): string[] {
  return migrationStatements({ dialect, ...options })
}

/**
 * A TypeORM migration class that creates the queue's tables, for a DataSource whose schema is
 * managed by migrations (`migrationsRun`, `typeorm migration:run`). Extend it with your own name
 * and timestamp, and create the store with `autoMigrate: false` and the same options:
 *
 * @example
 * // src/migrations/1764547200000-QueueTables.ts
 * import { queueMigration } from '@queue/typeorm'
 * export class QueueTables1764547200000 extends queueMigration({ tablePrefix: 'queue_' }) {}
 *
 * `down` keeps the tables and their jobs (a migration never drops job data); drop them yourself
 * when you mean it.
 */
export function queueMigration(options: QueueMigrationOptions = {}): new () => MigrationInterface {
  return class QueueTables implements MigrationInterface {
    async up(queryRunner: QueryRunner): Promise<void> {
      for (const statement of queueMigrationStatements(dialectOf(queryRunner.connection), options)) {
        try {
          await queryRunner.query(statement)
        } catch (error) {
          // MySQL's CREATE INDEX has no IF NOT EXISTS: an index a store created already is done.
          if (!isIndexAlreadyThere(error, statement)) throw error
        }
      }
    }

    async down(): Promise<void> {}
  }
}
