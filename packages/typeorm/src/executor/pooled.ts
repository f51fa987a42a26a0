import type { Executor } from '@queue/sql'
import type { DataSource } from 'typeorm'
import { adoptTransaction } from './adopt.js'
import { dialectOf } from './dialect.js'
import { runStatement } from './statement.js'

/**
 * The executor for pooled drivers (postgres, mysql/mariadb): every statement and every transaction
 * takes its own connection from the DataSource's pool through a fresh QueryRunner.
 */
export function pooledExecutor(dataSource: DataSource): Executor {
  const executor: Executor = {
    dialect: dialectOf(dataSource),
    async query(sql, params) {
      const runner = dataSource.createQueryRunner()
      try {
        return await runStatement(runner, sql, params)
      } finally {
        await runner.release()
      }
    },
    async transaction(fn) {
      const runner = dataSource.createQueryRunner()
      try {
        await runner.connect()
        // MySQL: SKIP LOCKED claims want READ COMMITTED; REPEATABLE READ's gap locks would block concurrent inserts.
        await runner.startTransaction(executor.dialect === 'mysql' ? 'READ COMMITTED' : undefined)
        const tx: Executor = {
          dialect: executor.dialect,
          query: (sql, params) => runStatement(runner, sql, params),
          transaction: (inner) => inner(tx),
        }
        try {
          const result = await fn(tx)
          await runner.commitTransaction()
          return result
        } catch (error) {
          await runner.rollbackTransaction().catch(() => {})
          throw error
        }
      } finally {
        await runner.release()
      }
    },
    adopt: (tx) => adoptTransaction(dataSource, executor, tx),
  }
  return executor
}
