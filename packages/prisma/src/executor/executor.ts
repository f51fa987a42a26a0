import type { Dialect, Executor } from '@queue/sql'
import { PrismaStoreError } from '../errors.js'
import { isPrismaRaw, isTransactionClient, type InteractiveTransaction, type PrismaClientLike, type PrismaRaw } from './client.js'
import { dialectOf } from './dialect.js'
import { runStatement } from './statement.js'

/** Options of the Prisma executor. */
export interface PrismaExecutorOptions {
  /** Overrides the dialect read from the client's provider. */
  dialect?: Dialect
  /** How long a store transaction waits for a connection (Prisma's `maxWait`). Default 5000 ms. */
  maxWaitMs?: number
  /** How long a store transaction may run (Prisma's `timeout`). Default 10000 ms. */
  timeoutMs?: number
}

/** An executor bound to one Prisma transaction client; nested transactions run inline. */
function bound(dialect: Dialect, client: PrismaRaw): Executor {
  const tx: Executor = {
    dialect,
    query: (sql, params) => runStatement(client, sql, params),
    transaction: (fn) => fn(tx),
  }
  return tx
}

/**
 * An executor over a PrismaClient's raw API (`$queryRawUnsafe` / `$executeRawUnsafe`) and its
 * interactive transactions.
 *
 * SQLite (@prisma/adapter-better-sqlite3) has one connection: a statement sent outside a
 * transaction would run inside whichever transaction is open on it. So on SQLite every store
 * statement runs in its own `$transaction`, which the adapter serialises with the user's own
 * transactions. The adapter opens them with a deferred `BEGIN`; the store's transactions swap that
 * for `BEGIN IMMEDIATE` (taking the write lock up front, so another process cannot invalidate the
 * snapshot between a read and a write), and Prisma's closing COMMIT / ROLLBACK applies to it.
 */
export function prismaExecutor(prisma: PrismaClientLike, options: PrismaExecutorOptions = {}): Executor {
  if (!isPrismaRaw(prisma) || typeof prisma.$transaction !== 'function') {
    throw new PrismaStoreError('prismaStore needs a PrismaClient (with $queryRawUnsafe, $executeRawUnsafe and $transaction)')
  }
  const dialect = dialectOf(prisma, options.dialect)
  const txOptions = {
    maxWait: options.maxWaitMs ?? 5000,
    timeout: options.timeoutMs ?? 10_000,
    // MySQL: SKIP LOCKED claims want READ COMMITTED; REPEATABLE READ's gap locks would block concurrent inserts.
    ...(dialect === 'mysql' ? { isolationLevel: 'ReadCommitted' as const } : {}),
  }
  const client = prisma as unknown as { $transaction: InteractiveTransaction }
  const open = <T>(fn: (tx: PrismaRaw) => Promise<T>): Promise<T> => client.$transaction(fn, txOptions)

  const executor: Executor = {
    dialect,
    query: (sql, params) =>
      dialect === 'sqlite' ? open((tx) => runStatement(tx, sql, params)) : runStatement(prisma, sql, params),
    transaction: (fn) =>
      open(async (tx) => {
        if (dialect === 'sqlite') {
          await tx.$executeRawUnsafe('COMMIT')
          await tx.$executeRawUnsafe('BEGIN IMMEDIATE')
        }
        return fn(bound(dialect, tx))
      }),
    adopt(tx) {
      if (!isPrismaRaw(tx)) return null
      if (!isTransactionClient(tx)) {
        throw new PrismaStoreError(
          'pass the transaction client given by prisma.$transaction(async (tx) => ...), not the PrismaClient itself',
        )
      }
      return bound(dialect, tx)
    },
  }
  return executor
}
