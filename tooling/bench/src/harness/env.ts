/** Connection settings of the real services, overridable by environment variables. */
import { randomBytes } from 'node:crypto'

export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A short random suffix, so parallel runs never share a schema, database, file or key prefix. */
export function suffix(): string {
  return randomBytes(4).toString('hex')
}

/** The URL of another database on the same MySQL server. */
export function mysqlUrlFor(database: string): string {
  const url = new URL(MYSQL_URL)
  url.pathname = `/${database}`
  return url.toString()
}
