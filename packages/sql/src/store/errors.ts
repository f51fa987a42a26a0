/** A schema or table prefix that is not a plain SQL identifier (letters, digits, underscore). */
export class InvalidIdentifierError extends TypeError {
  override readonly name = 'InvalidIdentifierError'
  constructor(
    readonly option: string,
    readonly value: string,
    message = `${option} must match /^[A-Za-z_][A-Za-z0-9_]*$/, got ${JSON.stringify(value)}`,
  ) {
    super(message)
  }
}

/** `insert({ tx })` got a value the store's executor cannot run on. */
export class UnsupportedTransactionError extends TypeError {
  override readonly name = 'UnsupportedTransactionError'
  constructor(detail: string) {
    super(`insert({ tx }) cannot use this transaction: ${detail}`)
  }
}

/** Every call on a SQL store after `close()`. */
export class SqlStoreClosedError extends Error {
  override readonly name = 'SqlStoreClosedError'
  constructor() {
    super('the SQL store is closed')
  }
}

/** The database holds a newer schema than this version of @queue/sql knows. */
export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError'
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(`the queue schema is at version ${found}, this @queue/sql only knows up to ${known}; upgrade @queue/sql`)
  }
}

const UNIQUE_CODES = new Set(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY'])
const RETRYABLE_CODES = new Set(['40P01', '40001', 'ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY'])

/** The driver error code, looking through ORM wrappers (`cause`, `driverError`, `meta.code`). */
export function errorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; depth++) {
    const record = e as { code?: unknown; errno?: unknown; meta?: { code?: unknown }; driverError?: unknown; cause?: unknown }
    if (record.errno === 1062) return 'ER_DUP_ENTRY'
    if (record.errno === 1213) return 'ER_LOCK_DEADLOCK'
    if (typeof record.code === 'string' && (UNIQUE_CODES.has(record.code) || RETRYABLE_CODES.has(record.code))) return record.code
    if (typeof record.meta?.code === 'string') return record.meta.code
    e = record.driverError ?? record.cause
  }
  return undefined
}

/** A unique index refused the write (uniqueKey or the one-active-job-per-group index). */
export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error)
  return code !== undefined && UNIQUE_CODES.has(code)
}

/** A deadlock or serialization failure: the statement may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const code = errorCode(error)
  return code !== undefined && RETRYABLE_CODES.has(code)
}

const DEADLOCK_CODES = new Set(['40P01', '40001', 'ER_LOCK_DEADLOCK'])
/** Runs of a transaction that the database may roll back as a deadlock victim, before its error is given up. */
export const DEADLOCK_ATTEMPTS = 5

/**
 * Runs `fn` (one statement or one transaction) again while the database rolls it back as a
 * deadlock victim or a serialization failure, which undid all of it, after a short random pause
 * that grows with each attempt. Lock-wait timeouts and SQLITE_BUSY are not run again: each already
 * waited for its full timeout (better-sqlite3 waits synchronously, on the event loop).
 */
export async function retryDeadlocks<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (error) {
      const code = errorCode(error)
      if (attempt >= DEADLOCK_ATTEMPTS || code === undefined || !DEADLOCK_CODES.has(code)) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt))
    }
  }
}
