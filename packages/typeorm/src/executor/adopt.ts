import type { Executor } from '@queue/sql'
import { EntityManager, type DataSource, type QueryRunner } from 'typeorm'
import { TypeormStoreError } from '../errors.js'
import { runStatement } from './statement.js'

/** True for a TypeORM QueryRunner (duck-typed: TypeORM exports no runtime class for it). */
function isQueryRunner(value: unknown): value is QueryRunner {
  const v = value as Partial<QueryRunner> | null
  return typeof v === 'object' && v !== null && typeof v.query === 'function' && typeof v.startTransaction === 'function' && 'manager' in v
}

/**
 * Turns the caller's transaction handle into an executor that runs on it: the `EntityManager` given by
 * `dataSource.transaction(async (em) => ...)`, or a `QueryRunner` after `startTransaction()`.
 * Returns null for anything else; throws when the handle is recognisably wrong (another DataSource,
 * no open transaction), since the job would otherwise be written outside the caller's transaction.
 */
export function adoptTransaction(dataSource: DataSource, base: Executor, tx: unknown): Executor | null {
  const runner = tx instanceof EntityManager ? tx.queryRunner : isQueryRunner(tx) ? tx : null
  if (tx instanceof EntityManager && !runner) {
    throw new TypeormStoreError(
      'this EntityManager is not inside a transaction: pass the one given by dataSource.transaction(async (em) => ...)',
    )
  }
  if (!runner) return null
  if (runner.connection !== dataSource) {
    throw new TypeormStoreError('the transaction belongs to another DataSource than the store')
  }
  if (!runner.isTransactionActive) {
    throw new TypeormStoreError('the transaction has already ended (or was never started)')
  }
  const adopted: Executor = {
    dialect: base.dialect,
    query: (sql, params) => runStatement(runner, sql, params),
    // The caller owns the transaction: nested work runs inline in it.
    transaction: (fn) => fn(adopted),
    adopt: (other) => base.adopt?.(other) ?? null,
  }
  return adopted
}
