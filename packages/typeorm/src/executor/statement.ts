import type { QueryResult, SqlValue } from '@queue/sql'
import { QueryFailedError, type QueryRunner } from 'typeorm'

/**
 * Runs one statement on a TypeORM QueryRunner and returns rows and affected-row count.
 * The structured form of `QueryRunner.query` carries both: `records` (SELECT and RETURNING rows) and
 * `affected` (pg rowCount, mysql2 affectedRows, better-sqlite3 changes). A RETURNING statement on
 * MariaDB and SQLite reports no `affected`, so the returned rows are counted instead.
 * Values are not transformed: pg and mysql2 (under TypeORM's bigNumberStrings) return BIGINT as a
 * string, better-sqlite3 as a number; the SQL store normalises them.
 */
export async function runStatement(runner: QueryRunner, sql: string, params: readonly SqlValue[] = []): Promise<QueryResult> {
  try {
    const result = await runner.query(sql, [...params], true)
    const rows = Array.isArray(result.records) ? (result.records as Record<string, unknown>[]) : []
    return { rows, affected: typeof result.affected === 'number' ? result.affected : rows.length }
  } catch (error) {
    // The store matches unique violations and deadlocks on the driver's own error (code / errno).
    throw error instanceof QueryFailedError && error.driverError ? error.driverError : error
  }
}
