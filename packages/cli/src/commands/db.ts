import type { JobStore } from '@queue/core'
import { openMigratedStore } from '../store/open.js'
import { DEFAULT_DB, parseDbUrl, type DbTarget } from '../store/url.js'
import type { Io } from './command.js'

/** `--db`, else `QUEUE_DB`, else the SQLite file in the working directory. */
export function dbTarget(values: Record<string, unknown>, io: Io, fallback?: string): DbTarget {
  const url = (values.db as string | undefined) ?? io.env.QUEUE_DB ?? fallback ?? DEFAULT_DB
  return parseDbUrl(url, io.cwd)
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
