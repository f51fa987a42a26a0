import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { Executor, QueryResult, SqlValue } from '../executor.js'

/** Anything with pg's `query(config)`: a Pool, a Client, a PoolClient. */
type Queryable = Pick<pg.ClientBase, 'query'>

const names = new Map<string, string>()

/**
 * A stable prepared-statement name per SQL text: pg then parses and plans each of our statements
 * once per connection instead of on every call.
 */
function statementName(sql: string): string {
  let name = names.get(sql)
  if (name === undefined) {
    name = `queue_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`
    names.set(sql, name)
  }
  return name
}

async function run(client: Queryable, sql: string, params: readonly SqlValue[] | undefined, prepare: boolean): Promise<QueryResult> {
  const config: pg.QueryConfig = { text: sql, values: params === undefined ? [] : [...params] }
  if (prepare) config.name = statementName(sql)
  const result = await client.query(config)
  return { rows: result.rows as Record<string, unknown>[], affected: result.rowCount ?? 0 }
}

/** A pg Pool (it has `connect` and pool counters) is not a transaction. */
function isPool(value: object): boolean {
  return 'totalCount' in value && 'idleCount' in value
}

/** Looks like a connected pg client (`Client` or `PoolClient`). */
export function isClient(value: unknown): value is pg.ClientBase {
  // `connectionParameters` is set by pg.Client's constructor: an ORM's EntityManager also has `query`.
  return typeof value === 'object' && value !== null && typeof (value as pg.ClientBase).query === 'function' && 'connectionParameters' in value && !isPool(value)
}

function onClient(client: pg.ClientBase, prepare: boolean): Executor {
  const executor: Executor = {
    dialect: 'postgres',
    query: (sql, params) => run(client, sql, params, prepare),
    // Already inside the caller's (or our) transaction: run inline.
    transaction: (fn) => fn(executor),
  }
  return executor
}

/** Options of `pgExecutor`. */
export interface PgExecutorOptions {
  /** Use named prepared statements (default true). Turn off behind PgBouncer in transaction mode. */
  prepare?: boolean
  /** Ends the pool on `close()`: true only when the store created it. */
  ownsPool?: boolean
}

/**
 * The executor over a pg Pool. Statements run on any pooled connection; `transaction` checks one
 * out for `BEGIN … COMMIT`; `adopt` runs on a client the caller holds inside its own transaction.
 */
export function pgExecutor(pool: pg.Pool, options: PgExecutorOptions = {}): Executor {
  const prepare = options.prepare ?? true
  return {
    dialect: 'postgres',
    query: (sql, params) => run(pool, sql, params, prepare),
    async transaction(fn) {
      const client = await pool.connect()
      let broken: Error | undefined
      try {
        await client.query('BEGIN')
        try {
          const result = await fn(onClient(client, prepare))
          await client.query('COMMIT')
          return result
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: unknown) => {
            broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))
          })
          throw error
        }
      } finally {
        client.release(broken)
      }
    },
    adopt: (tx) => (isClient(tx) ? onClient(tx, prepare) : null),
    async close() {
      if (options.ownsPool === true) await pool.end()
    },
  }
}
