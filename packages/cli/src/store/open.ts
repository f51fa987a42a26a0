import type { JobStore } from '@queue/core'
import { CliError } from '../errors.js'
import { redact, type DbTarget } from './url.js'

/**
 * Opens the store for a target. Each driver is imported only when used, so a SQLite user never
 * loads pg or mysql2.
 */
export async function openStore(target: DbTarget): Promise<JobStore> {
  const naming = target.tablePrefix !== undefined ? { tablePrefix: target.tablePrefix } : {}
  try {
    switch (target.kind) {
      case 'sqlite': {
        const { sqliteStore } = await import('@queue/sql/sqlite')
        return await sqliteStore({ filename: target.filename, ...naming })
      }
      case 'postgres': {
        const { postgresStore } = await import('@queue/sql/postgres')
        return await postgresStore({ connectionString: target.connectionString, ...naming })
      }
      case 'mysql': {
        const { mysqlStore } = await import('@queue/sql/mysql')
        return await mysqlStore({ uri: target.uri, ...naming })
      }
    }
  } catch (error) {
    throw new CliError(`cannot open ${describe(target)}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** Opens the store and creates or upgrades its schema (seed 002: the schema is created on first use). */
export async function openMigratedStore(target: DbTarget): Promise<JobStore> {
  const store = await openStore(target)
  try {
    await store.migrate()
  } catch (error) {
    await store.close().catch(() => {})
    throw new CliError(`cannot migrate ${describe(target)}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return store
}

/** One-line description of a target with its password hidden. */
export function describe(target: DbTarget): string {
  const prefix = target.tablePrefix !== undefined ? ` (tables ${target.tablePrefix}*)` : ''
  switch (target.kind) {
    case 'sqlite':
      return `sqlite:${target.filename}${prefix}`
    case 'postgres':
      return `${redact(target.connectionString)}${prefix}`
    case 'mysql':
      return `${redact(target.uri)}${prefix}`
  }
}
