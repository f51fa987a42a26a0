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

/**
 * The executor for TypeORM's better-sqlite3 driver, which runs every query of a DataSource through
 * ONE connection (one shared QueryRunner). A transaction on it is visible to every other query, so
 * the store and the user's code take turns:
 *
 * - while a user transaction is open, the store's own statements wait until it ends (a worker's claim
 *   must not run inside, and see, an uncommitted enqueue), up to `busyTimeoutMs`;
 * - while a store transaction is open, a user transaction or statement that starts waits in a
 *   TypeORM subscriber (`beforeTransactionStart`, `beforeQuery`) until it has committed;
 * - the store's own operations run one at a time.
 *
 * Enqueue inside your transaction with `{ tx: entityManager }`: that write runs on the open
 * transaction at once; without `tx`, it would wait for the transaction it is part of.
 */
export function sqliteExecutor(dataSource: DataSource, options: SqliteExecutorOptions = {}): SqliteExecutor {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  const runner: QueryRunner = dataSource.createQueryRunner()
  /** The store's operations, one at a time. */
  let queue: Promise<unknown> = Promise.resolve()
  /** Resolves when the store's open transaction ends; null while none is open. */
  let storeTxDone: Promise<void> | null = null
  /** True while the store itself is issuing a statement (so the subscriber lets it through). */
  let ownStatement = false
  /** Wakes store operations waiting for a user transaction to end. */
  let wake: (() => void) | null = null

  const waitForStoreTx = async (): Promise<void> => {
    while (storeTxDone) await storeTxDone
  }
  const subscriber: EntitySubscriberInterface = {
    beforeTransactionStart: (event) => (event.queryRunner === runner ? waitForStoreTx() : undefined),
    beforeQuery: (event) => (event.queryRunner === runner && !ownStatement ? waitForStoreTx() : undefined),
    afterTransactionCommit: () => wake?.(),
    afterTransactionRollback: () => wake?.(),
  }
  dataSource.subscribers.push(subscriber)

  /** Waits until no user transaction is open on the shared connection. */
  async function userTxEnded(): Promise<void> {
    const deadline = Date.now() + busyTimeoutMs
    while (runner.isTransactionActive) {
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

  const executor: SqliteExecutor = {
    dialect: 'sqlite',
    query: (sql, params) => exclusive(() => own(sql, params)),
    transaction: (fn) =>
      exclusive(async () => {
        let done!: () => void
        storeTxDone = new Promise<void>((resolve) => (done = resolve))
        const tx: Executor = { dialect: 'sqlite', query: own, transaction: (inner) => inner(tx) }
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
          storeTxDone = null
          done()
        }
      }),
    adopt: (tx) => adoptTransaction(dataSource, executor, tx),
    async close() {
      await queue
      const index = dataSource.subscribers.indexOf(subscriber)
      if (index >= 0) dataSource.subscribers.splice(index, 1)
    },
  }
  return executor
}
