/** PostgreSQL helpers shared by the adapters: reachability, schema creation and removal. */
import pg from 'pg'
import { PG_URL } from './env.js'

export async function pgReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    await client.query('select 1')
    return null
  } catch (error) {
    return `PostgreSQL unreachable at ${PG_URL}: ${(error as Error).message}`
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Runs one statement on a short-lived connection (schema DDL outside any pool). */
export async function pgExec(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    return await client.query(sql, params)
  } finally {
    await client.end()
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await pgExec(`drop schema if exists "${schema}" cascade`)
}

/** The number of a server's rows of `pg_stat_database` commits, to count commits per job. */
export async function pgCommits(): Promise<number> {
  const result = await pgExec('select xact_commit::bigint as n from pg_stat_database where datname = current_database()')
  return Number(result.rows[0]?.n ?? 0)
}
