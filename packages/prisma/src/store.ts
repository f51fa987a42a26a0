import type { Notifier } from '@queue/core'
import { sqlStore, type Dialect, type SqlJobStore } from '@queue/sql'
import type { PrismaClientLike } from './executor/client.js'
import { prismaExecutor } from './executor/executor.js'
import { localNotifier } from './notify/local.js'

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
  /** Wake-ups for idle workers. Default: in-process on SQLite, none (workers poll) elsewhere. */
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
  const notifier = options.notifier ?? (executor.dialect === 'sqlite' ? localNotifier(prisma) : undefined)
  return sqlStore({
    executor,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
    ...(options.tablePrefix === undefined ? {} : { tablePrefix: options.tablePrefix }),
    ...(options.autoMigrate === undefined ? {} : { autoMigrate: options.autoMigrate }),
    ...(notifier === undefined ? {} : { notifier }),
  })
}
