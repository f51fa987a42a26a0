import type { Pool, PoolConnection, Connection, ResultSetHeader } from 'mysql2/promise'
import type { Executor, QueryResult, Row, SqlValue } from '../executor.js'

/** A promise-API pool or connection: both have `query(sql, values)`. */
type Queryable = Pick<Connection, 'query'>

async function run(target: Queryable, sql: string, params: readonly SqlValue[] | undefined): Promise<QueryResult> {
  // `query` (client-side placeholders) rather than `execute`: MySQL 8 rejects `LIMIT ?` in server-side prepares.
  const [result] = await target.query(sql, params === undefined ? [] : [...params])
  if (Array.isArray(result)) return { rows: result as Row[], affected: 0 }
  return { rows: [], affected: (result as ResultSetHeader).affectedRows }
}

async function begin(connection: Queryable): Promise<void> {
  // SKIP LOCKED claims want READ COMMITTED: REPEATABLE READ's gap locks would block concurrent inserts.
  await connection.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')
  await connection.query('START TRANSACTION')
}

function inline(connection: Queryable): Executor {
  const executor: Executor = {
    dialect: 'mysql',
    query: (sql, params) => run(connection, sql, params),
    transaction: (fn) => fn(executor),
  }
  return executor
}

/** A mysql2 connection usable as the caller's transaction: the promise API, or the callback API's `.promise()`. */
function promiseConnection(value: unknown): Queryable | null {
  if (typeof value !== 'object' || value === null) return null
  const candidate = value as { query?: unknown; getConnection?: unknown; promise?: unknown; connection?: unknown }
  if (typeof candidate.getConnection === 'function') return null // a pool is not a transaction
  if (typeof candidate.query !== 'function') return null
  // mysql2/promise wrapper; `execute` tells it from an ORM's EntityManager, which has `query` and `connection` too.
  if ('connection' in candidate && typeof candidate.connection === 'object' && typeof (candidate as { execute?: unknown }).execute === 'function') return value as Queryable
  if (typeof candidate.promise === 'function') return (candidate.promise as () => Queryable).call(value)
  return null
}

/** Options of `mysqlExecutor`. */
export interface MysqlExecutorOptions {
  /** Ends the pool on `close()`: true only when the store created it. */
  ownsPool?: boolean
}

/** The executor over a mysql2/promise Pool; transactions run at READ COMMITTED on one pooled connection. */
export function mysqlExecutor(pool: Pool, options: MysqlExecutorOptions = {}): Executor {
  return {
    dialect: 'mysql',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const connection: PoolConnection = await pool.getConnection()
      let broken = false
      try {
        await begin(connection)
        try {
          const result = await fn(inline(connection))
          await connection.query('COMMIT')
          return result
        } catch (error) {
          await connection.query('ROLLBACK').catch(() => {
            broken = true
          })
          throw error
        }
      } finally {
        if (broken) connection.destroy()
        else connection.release()
      }
    },
    adopt(tx) {
      const connection = promiseConnection(tx)
      return connection === null ? null : inline(connection)
    },
    async close() {
      if (options.ownsPool === true) await pool.end()
    },
  }
}
