/**
 * The executor: the one seam between the SQL store and a database driver. The store speaks only
 * SQL strings and positional parameters; an executor runs them. `@queue/sql` ships executors for
 * pg, mysql2 and better-sqlite3; `@queue/typeorm` and `@queue/prisma` implement the same interface
 * over `dataSource.query` / `prisma.$queryRawUnsafe`, and reuse every dialect statement unchanged.
 *
 * ## Contract
 *
 * - **Placeholders** are the dialect's native style, already numbered by the store: `$1, $2, …` for
 *   `postgres`, `?` for `mysql` and `sqlite`. An executor passes `sql` and `params` through untouched.
 * - **Parameters** are only `string`, `number` (integers up to 2^53: epoch milliseconds, ids,
 *   counters) and `null`. JSON travels as a string; the store never sends arrays, booleans, Dates or
 *   Buffers, so no driver-specific type mapping is needed.
 * - **Rows** are plain objects keyed by column name. Values may come back as whatever the driver
 *   produces for the column type: BIGINT as `string`, `number` or `bigint`; TEXT as `string`. The
 *   store normalises them itself (see `rows.ts`), so an executor must not transform values.
 * - **affected** is the number of rows an INSERT/UPDATE/DELETE changed (pg `rowCount`, mysql2
 *   `affectedRows`, better-sqlite3 `changes`); for a statement with `RETURNING`, `rows` holds the
 *   returned rows. For a plain SELECT, `affected` may be anything.
 * - **One statement per call.** The store never sends several statements separated by `;`.
 * - **transaction(fn)** runs `fn` inside one database transaction on one connection and hands it an
 *   executor bound to that connection; it commits when `fn` resolves and rolls back (then rethrows)
 *   when it rejects. Nested calls on the `tx` executor may simply run `fn(tx)` inline. On sqlite the
 *   transaction must take the write lock up front (`BEGIN IMMEDIATE`), so that the store's
 *   read-then-write sequences never fail with SQLITE_BUSY_SNAPSHOT. On mysql the store sets the
 *   isolation level itself when it needs one (claims use READ COMMITTED).
 * - **adopt(tx)** (optional) turns the caller's own open transaction — the value a user passes as
 *   `queue.add(..., { tx })` — into an executor that runs on it (a pg `PoolClient`, a mysql2
 *   connection, a better-sqlite3 `Database`, a TypeORM `EntityManager`, a Prisma transaction client).
 *   It returns `null` when it does not recognise the value; the store then throws a typed error.
 *   An adopted executor's `transaction(fn)` must run `fn` inline (the caller owns the transaction).
 *   For better-sqlite3 the adopted `query` must run its statement synchronously, before it returns
 *   its promise, so that `insert({ tx: db })` works inside `db.transaction(() => …)`.
 * - **Errors** are rethrown as the driver raised them; the store recognises unique violations and
 *   deadlocks through `code`/`errno` (`23505`, `40P01`, `ER_DUP_ENTRY`/1062, 1213,
 *   `SQLITE_CONSTRAINT_UNIQUE`, `P2010` wrappers are unwrapped via `cause`/`meta.code`).
 * - **reportsInsertId** (optional): the executor's `query` of an INSERT without `RETURNING` gives
 *   `lastInsertId`, the id of the last row it inserted (better-sqlite3 `lastInsertRowid`). A sqlite
 *   batch of jobs without uniqueKeys then returns nothing: every row goes in, and SQLite numbers
 *   the rows of one statement consecutively (`AUTOINCREMENT`, one writer at a time).
 * - **transactionSync(fn)** (optional, synchronous drivers only: better-sqlite3) runs `fn` and every
 *   statement it sends through `run` synchronously inside one write transaction (`BEGIN IMMEDIATE …
 *   COMMIT` with nothing in between; inline when the executor is already a transaction's). No other
 *   code runs while it holds the lock, so another connection of the same process never waits on it.
 * - **close()** (optional) releases only what the executor itself opened.
 */

/** The three SQL dialects the store speaks. */
export type Dialect = 'postgres' | 'mysql' | 'sqlite'

/** A statement parameter. JSON is sent as a string; times as epoch milliseconds. */
export type SqlValue = string | number | null

/** A result row, keyed by column name, values as the driver returned them. */
export type Row = Record<string, unknown>

/** What one statement returned. */
export interface QueryResult {
  rows: Row[]
  /** Rows changed by an INSERT/UPDATE/DELETE. */
  affected: number
  /** The id of the last row an INSERT inserted, from an executor that `reportsInsertId`. */
  lastInsertId?: number
}

/** One statement, run before it returns (`transactionSync`). */
export type SyncQuery = (sql: string, params?: readonly SqlValue[]) => QueryResult

/** Runs the store's SQL on one database; see the module comment for the full contract. */
export interface Executor {
  readonly dialect: Dialect
  /** Runs one statement with positional parameters in the dialect's placeholder style. */
  query(sql: string, params?: readonly SqlValue[]): Promise<QueryResult>
  /** Runs `fn` in one transaction on one connection (sqlite: `BEGIN IMMEDIATE`). */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>
  /** True when `query` of an INSERT gives `lastInsertId` (see the contract). */
  readonly reportsInsertId?: boolean
  /** Runs `fn` synchronously in one write transaction (see the contract); only synchronous drivers have it. */
  transactionSync?<T>(fn: (run: SyncQuery) => T): Promise<T>
  /** Wraps the caller's open transaction handle (`insert({ tx })`); null when not recognised. */
  adopt?(tx: unknown): Executor | null
  /** Releases what the executor opened (a pool it created, a file it opened). */
  close?(): Promise<void>
}
