import { isAbsolute, resolve } from 'node:path'
import { UsageError } from '../errors.js'

/** The default database: a SQLite file in the working directory, so `queue server` works out of the box. */
export const DEFAULT_DB = 'sqlite:./queue.db'

/** Where the jobs live, as parsed from `--db` / `QUEUE_DB`. */
export type DbTarget = (
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; connectionString: string }
  | { kind: 'mysql'; uri: string }
) & {
  /** Table name prefix (`--table-prefix`); the store's default `queue_` when left out. */
  tablePrefix?: string
}

/**
 * Parses a database URL: `sqlite:./queue.db`, `sqlite:/abs/path.db`, `sqlite::memory:`,
 * `postgres://…` / `postgresql://…`, `mysql://…` / `mariadb://…`. A relative SQLite path is
 * resolved against `cwd`.
 */
export function parseDbUrl(url: string, cwd = process.cwd()): DbTarget {
  const text = url.trim()
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase()
  switch (scheme) {
    case 'sqlite': {
      let path = text.slice('sqlite:'.length)
      if (path.startsWith('//')) path = path.slice(2) // sqlite://./x.db and sqlite:///abs/x.db
      if (path === '') throw new UsageError(`--db: "${url}" names no SQLite file (use sqlite:./queue.db)`)
      if (path === ':memory:') return { kind: 'sqlite', filename: ':memory:' }
      return { kind: 'sqlite', filename: isAbsolute(path) ? path : resolve(cwd, path) }
    }
    case 'postgres':
    case 'postgresql':
      return { kind: 'postgres', connectionString: text }
    case 'mysql':
      return { kind: 'mysql', uri: text }
    case 'mariadb':
      return { kind: 'mysql', uri: `mysql:${text.slice('mariadb:'.length)}` }
    default:
      throw new UsageError(`--db: unsupported database "${redact(url)}" (use sqlite:./queue.db, postgres://… or mysql://…)`)
  }
}

/** The URL with any password replaced, for log lines and errors. */
export function redact(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@')
}
