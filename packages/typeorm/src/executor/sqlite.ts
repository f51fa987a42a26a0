import type { Executor } from '@queue/sql'
import type { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm'
import { SqliteBusyError } from '../errors.js'
import { adoptTransaction } from './adopt.js'
import { runStatement } from './statement.js'

/** Options of the SQLite executor. */
export interface SqliteExecutorOptions {
  /** How long a statement waits for a transaction on the shared connection to end. Default 5000 ms (better-sqlite3's busy timeout). */
  busyTimeoutMs?: number
}

/** A SQLite executor that also detaches its subscriber from the DataSource. */
export interface SqliteExecutor extends Executor {
  close(): Promise<void>
}

/** A promise that is resolved (and replaced) whenever a store transaction ends. */
function signal(): { promise: Promise<void>; fire: () => void } {
  let fire!: () => void
  const promise = new Promise<void>((resolve) => (fire = resolve))
  return { promise, fire }
}

/**
 * The executor for TypeORM's better-sqlite3 driver, which runs every query of a DataSource through
 * ONE connection (one shared QueryRunner). A transaction on it is visible to every other query, so
 * the store and the user's code take turns:
 *
 * - while a user transaction is open, the store's own statements wait until it ends (a worker's claim
 *   must not run inside, and see, an uncommitted enqueue), up to `busyTimeoutMs`;
 * - once the store has asked for a transaction, a user transaction that starts waits in a TypeORM
 *   subscriber (`beforeTransactionStart`) until the store's has committed, and so does a user
 *   statement issued while the store's transaction is open (`beforeQuery`);
 * - the store's own operations run one at a time.
 *
 * Asking synchronously matters for the schema migration a new store starts at once: a transaction
 * the user begins right after creating the store then waits for it, instead of the migration
 * waiting for a transaction that itself waits for the migration (`add(..., { tx })` needs the tables).
 *
 * Enqueue inside your transaction with `{ tx: entityManager }`: that write runs on the open
 * transaction at once; without `tx`, it would wait for the transaction it is part of.
 */
export function sqliteExecutor(dataSource: DataSource, options: SqliteExecutorOptions = {}): SqliteExecutor {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  const runner: QueryRunner = dataSource.createQueryRunner()
  const depth = (): number => (runner as unknown as { transactionDepth: number }).transactionDepth
  /** The store's operations, one at a time. */
  let queue: Promise<unknown> = Promise.resolve()
  /** Store transactions asked for and not yet finished, and whether one is open right now. */
  let storeTxs = 0
  let storeTxOpen = false
  let storeTxEnded = signal()
  /** User transactions held back in `beforeTransactionStart` (they flag the runner active before that). */
  let heldUserTxs = 0
  /** True while the store itself is issuing a statement (so the subscriber lets it through). */
  let ownStatement = false
  /** Wakes a store operation waiting for a user transaction to end. */
  let wake: (() => void) | null = null

  const subscriber: EntitySubscriberInterface = {
    async beforeTransactionStart(event) {
      // Only a top-level user transaction waits; one nested in the user's own must run on.
      if (event.queryRunner !== runner || storeTxs === 0 || depth() > 0) return
      heldUserTxs++
      try {
        while (storeTxs > 0) await storeTxEnded.promise
      } finally {
        heldUserTxs--
      }
    },
    async beforeQuery(event) {
      if (event.queryRunner !== runner || ownStatement) return
      while (storeTxOpen) await storeTxEnded.promise
    },
    afterTransactionCommit: () => wake?.(),
    afterTransactionRollback: () => wake?.(),
  }
  dataSource.subscribers.push(subscriber)

  /** Waits until no user transaction is open on the shared connection. */
  async function userTxEnded(): Promise<void> {
    const deadline = Date.now() + busyTimeoutMs
    while (runner.isTransactionActive && heldUserTxs === 0) {
      const left = deadline - Date.now()
      if (left <= 0) {
        throw new SqliteBusyError(
          `a transaction on TypeORM's SQLite connection stayed open for more than ${busyTimeoutMs} ms; ` +
            'to enqueue inside it, pass { tx: entityManager }',
        )
      }
      // A commit or rollback wakes us; the timer covers a transaction that ends without an event.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50))
        wake = () => (clearTimeout(timer), resolve())
      })
      wake = null
    }
  }

  /** Runs `op` after the store's earlier operations and after any open user transaction. */
  function exclusive<T>(op: () => Promise<T>): Promise<T> {
    const next = queue.then(async () => {
      await userTxEnded()
      return op()
    })
    queue = next.catch(() => {})
    return next
  }

  function own(sql: string, params?: Parameters<typeof runStatement>[2]) {
    ownStatement = true
    try {
      // The subscriber runs synchronously inside this call, before the statement's first await.
      return runStatement(runner, sql, params)
    } finally {
      ownStatement = false
    }
  }

  const tx: Executor = { dialect: 'sqlite', query: own, transaction: (inner) => inner(tx) }

  const executor: SqliteExecutor = {
    dialect: 'sqlite',
    query: (sql, params) => exclusive(() => own(sql, params)),
    transaction(fn) {
      storeTxs++
      return exclusive(async () => {
        storeTxOpen = true
        try {
          // IMMEDIATE takes the write lock up front, so another process cannot invalidate our snapshot.
          await own('BEGIN IMMEDIATE')
          try {
            const result = await fn(tx)
            await own('COMMIT')
            return result
          } catch (error) {
            await own('ROLLBACK').catch(() => {})
            throw error
          }
        } finally {
          storeTxOpen = false
        }
      }).finally(() => {
        storeTxs--
        const ended = storeTxEnded
        storeTxEnded = signal()
        ended.fire()
      })
    },
    adopt: (handle) => adoptTransaction(dataSource, executor, handle),
    async close() {
      await queue
      const index = dataSource.subscribers.indexOf(subscriber)
      if (index >= 0) dataSource.subscribers.splice(index, 1)
    },
  }
  return executor
}
