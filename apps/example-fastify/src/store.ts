/** The job store: SQLite in ./queue.db by default, PostgreSQL when DATABASE_URL is set. */
import type { JobStore } from '@queue/core'

export async function openStore(env: NodeJS.ProcessEnv = process.env): Promise<JobStore> {
  if (env.DATABASE_URL) {
    const { postgresStore } = await import('@queue/sql/postgres')
    return postgresStore({ connectionString: env.DATABASE_URL, ...(env.DATABASE_SCHEMA ? { schema: env.DATABASE_SCHEMA } : {}) })
  }
  const { sqliteStore } = await import('@queue/sql/sqlite')
  return sqliteStore({ filename: env.SQLITE_FILE ?? 'queue.db' })
}
