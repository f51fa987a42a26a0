/**
 * The app's one Queue, opened on first use (never at `next build`): SQLite in ./queue.db by default,
 * PostgreSQL when QUEUE_DATABASE_URL is set (tables in QUEUE_DATABASE_SCHEMA when that is set too).
 */
import { Queue, type JobStore } from '@queue/core'

async function openStore(): Promise<JobStore> {
  const url = process.env.QUEUE_DATABASE_URL
  if (url !== undefined && url !== '') {
    const { postgresStore } = await import('@queue/sql/postgres')
    const schema = process.env.QUEUE_DATABASE_SCHEMA
    return postgresStore({ connectionString: url, ...(schema ? { schema } : {}) })
  }
  const { sqliteStore } = await import('@queue/sql/sqlite')
  return sqliteStore({ filename: process.env.QUEUE_SQLITE_FILE ?? 'queue.db' })
}

// Kept on globalThis so `next dev` hot reloads reuse one connection.
const holder = globalThis as { exampleQueue?: Promise<Queue> }

/** The app's Queue. */
export function getQueue(): Promise<Queue> {
  holder.exampleQueue ??= openStore().then((store) => new Queue({ store }))
  return holder.exampleQueue
}
