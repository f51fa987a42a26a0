import type { Executor } from '../executor.js'
import { SchemaTooNewError } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { toNumber } from '../store/rows.js'
import { isIndexAlreadyThere, migrationsFor, migrationsTableSql, schemaSql, schemaVersion } from './migrations.js'

/**
 * Applies the missing migrations under a lock, so ten processes starting at once migrate once:
 * postgres `pg_advisory_xact_lock` (released at commit), MySQL `GET_LOCK` (DDL commits implicitly
 * there, so only a named lock can serialise it), sqlite `BEGIN IMMEDIATE` (the executor's
 * transaction). Returns the versions it applied.
 */
export async function migrate(executor: Executor, n: Names, now: number): Promise<number[]> {
  return executor.transaction(async (tx) => {
    // A named column, not the function's void one, which some clients (Prisma) cannot decode.
    if (n.dialect === 'postgres') await tx.query('SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext($1))', [n.lockKey])
    if (n.dialect === 'mysql') {
      const { rows } = await tx.query("SELECT GET_LOCK(LEFT(CONCAT(?, ':', DATABASE()), 64), 60) AS got", [n.lockKey])
      if (toNumber(rows[0]?.got ?? 0) !== 1) throw new Error(`timed out waiting for the migration lock ${n.lockKey}`)
    }
    try {
      return await applyMissing(tx, n, now)
    } finally {
      if (n.dialect === 'mysql') await tx.query("SELECT RELEASE_LOCK(LEFT(CONCAT(?, ':', DATABASE()), 64))", [n.lockKey])
    }
  })
}

async function applyMissing(tx: Executor, n: Names, now: number): Promise<number[]> {
  for (const statement of schemaSql(n)) await tx.query(statement)
  await tx.query(migrationsTableSql(n))
  const { rows } = await tx.query(`SELECT version FROM ${n.migrations}`)
  const applied = new Set(rows.map((row) => toNumber(row.version)))
  const newest = Math.max(0, ...applied)
  if (newest > schemaVersion(n.dialect)) throw new SchemaTooNewError(newest, schemaVersion(n.dialect))
  const done: number[] = []
  const p = n.dialect === 'postgres' ? ['$1', '$2', '$3'] : ['?', '?', '?']
  for (const migration of migrationsFor(n)) {
    if (applied.has(migration.version)) continue
    for (const statement of migration.statements) {
      try {
        await tx.query(statement)
      } catch (error) {
        if (!isIndexAlreadyThere(error, statement)) throw error
      }
    }
    await tx.query(`INSERT INTO ${n.migrations} (version, name, applied_at) VALUES (${p.join(', ')})`, [migration.version, migration.name, now])
    done.push(migration.version)
  }
  return done
}
