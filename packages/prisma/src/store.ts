import type { Notifier } from '@queue/core'
import { localNotifier, sqlStore, type ClosableNotifier, type Dialect, type SqlJobStore } from '@queue/sql'
import type { PrismaClientLike } from './executor/client.js'
import { PrismaStoreError } from './errors.js'
import { prismaExecutor } from './executor/executor.js'
import { postgresNotifier } from './notify/postgres.js'

/** Options of `prismaStore`. */
export interface PrismaStoreOptions {
  /** PostgreSQL schema of the queue tables. Default: the connection's search_path. */
  schema?: string
  /** Prefix of the queue tables: `${tablePrefix}jobs`. Default `queue_`. */
  tablePrefix?: string
  /** Create or upgrade the tables on first use (default true). With false, apply `migrationSql()` yourself. */
  autoMigrate?: boolean
  /** Overrides the dialect read from the client's provider (`postgresql`, `mysql`, `sqlite`). */
  dialect?: Dialect
  /**
   * PostgreSQL: a connection string (or pg client config) for one LISTEN connection, so idle workers
   * wake within milliseconds of a commit instead of polling. Needs `pg` installed.
   */
  listen?: string | Record<string, unknown>
  /** Wake-ups for idle workers. Default: LISTEN when `listen` is given, in-process on SQLite, else none (workers poll). */
  notifier?: Notifier
  /** How long a store transaction waits for a connection (Prisma's `maxWait`). Default 5000 ms. */
  maxWaitMs?: number
  /** How long a store transaction may run (Prisma's `timeout`). Default 10000 ms. */
  timeoutMs?: number
}

/**
 * A job store over your PrismaClient (a driver adapter for PostgreSQL, MySQL/MariaDB or SQLite):
 * the `@queue/sql` store running its SQL through `$queryRawUnsafe` / `$executeRawUnsafe` and
 * `$transaction`. Pass the transaction client of `prisma.$transaction(async (tx) => ...)` as `tx`
 * and the job commits, or rolls back, with your writes. `close()` leaves the client connected: it is yours.
 *
 * @example
 * const store = prismaStore(prisma)
 * const queue = new Queue({ store })
 * await prisma.$transaction(async (tx) => {
 *   const user = await tx.user.create({ data: { email } })
 *   await queue.add('welcome-email', { userId: user.id }, { tx })
 * })
 */
export function prismaStore(prisma: PrismaClientLike, options: PrismaStoreOptions = {}): SqlJobStore {
  const executor = prismaExecutor(prisma, {
    ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
    ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  })
  const naming = {
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
  }
  if (options.listen !== undefined && executor.dialect !== 'postgres') {
    throw new PrismaStoreError(`the listen option is for PostgreSQL; this client speaks ${executor.dialect}`)
  }
  const owned: ClosableNotifier | undefined =
    options.notifier === undefined && options.listen !== undefined ? postgresNotifier(prisma, options.listen, naming) : undefined
  const notifier = options.notifier ?? owned ?? (executor.dialect === 'sqlite' ? localNotifier(prisma) : undefined)
  const store = sqlStore({
    executor,
    ...naming,
    ...(options.autoMigrate === undefined ? {} : { autoMigrate: options.autoMigrate }),
    ...(notifier === undefined ? {} : { notifier }),
    ...(owned === undefined ? {} : { onClose: () => owned.close() }),
  })
  // SQLite: migrate now, so that the first `add(..., { tx })` inside a transaction finds the tables
  // (the migration's own transaction would wait for the one connection that transaction holds).
  // A failure is not lost: the next operation migrates again and rejects with it.
  if (executor.dialect === 'sqlite' && options.autoMigrate !== false) store.migrate().catch(() => {})
  return store
}
