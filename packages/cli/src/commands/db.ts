import type { JobStore } from '@queue/core'
import { openMigratedStore } from '../store/open.js'
import { DEFAULT_DB, parseDbUrl, type DbTarget } from '../store/url.js'
import type { Io } from './command.js'
import { UsageError } from '../errors.js'

/** `--db`, else `QUEUE_DB`, else the SQLite file in the working directory. */
export function dbTarget(values: Record<string, unknown>, io: Io): DbTarget {
  const url = (values.db as string | undefined) ?? nonEmpty(io.env.QUEUE_DB) ?? DEFAULT_DB
  const tablePrefix = (values['table-prefix'] as string | undefined) ?? nonEmpty(io.env.QUEUE_TABLE_PREFIX)
  return withPrefix(parseDbUrl(url, io.cwd), tablePrefix)
}

/** Adds a table prefix after checking it is a plain identifier (the stores quote names with it). */
export function withPrefix(target: DbTarget, tablePrefix: string | undefined): DbTarget {
  if (tablePrefix === undefined) return target
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tablePrefix)) {
    throw new UsageError(`--table-prefix: "${tablePrefix}" must be letters, digits and _ (not starting with a digit)`)
  }
  return { ...target, tablePrefix }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/** Runs `body` with a migrated store and always closes it. */
export async function withStore<T>(target: DbTarget, body: (store: JobStore) => Promise<T>): Promise<T> {
  const store = await openMigratedStore(target)
  try {
    return await body(store)
  } finally {
    await store.close()
  }
}
