import { CliError } from '../errors.js'
import type { DbTarget } from '../store/url.js'

/** A lock held on a connection of its own; the database frees it if this process dies. */
export interface DatabaseLock {
  release(): Promise<void>
}

/**
 * Takes a database-wide lock for `queue process` on PostgreSQL (advisory lock) and MySQL/MariaDB
 * (GET_LOCK), so that cron on two machines sharing one database does not run it twice at once.
 * SQLite has no server to hold it; the lock file covers that case. Null for SQLite.
 */
export async function acquireDatabaseLock(target: DbTarget, command = 'queue process'): Promise<DatabaseLock | null> {
  // Keyed by what the database itself says (schema, table prefix), not by the URL: two machines may
  // reach the same server under different host names.
  const prefix = target.tablePrefix ?? 'queue_'
  switch (target.kind) {
    case 'sqlite':
      return null
    case 'postgres': {
      const { default: pg } = await import('pg')
      const client = new pg.Client({ connectionString: target.connectionString })
      await client.connect()
      try {
        // Advisory locks are per database; the two-int4 form stays clear of other apps' bigint locks.
        const { rows } = await client.query<{ got: boolean }>(
          "SELECT pg_try_advisory_lock(hashtext('queue-process'), hashtext(current_schema() || ':' || $1)) AS got",
          [prefix],
        )
        if (!rows[0]?.got) throw new CliError(`${command}: already running against this database (another process holds its lock)`)
      } catch (error) {
        await client.end().catch(() => {})
        throw error
      }
      return { release: () => client.end() } // closing the session frees its advisory locks
    }
    case 'mysql': {
      const { default: mysql } = await import('mysql2/promise')
      const connection = await mysql.createConnection({ uri: target.uri })
      try {
        // GET_LOCK names are server-wide and at most 64 characters: hash the database and prefix.
        const [rows] = await connection.query("SELECT GET_LOCK(CONCAT('queue-process:', SHA1(CONCAT(DATABASE(), ':', ?))), 0) AS got", [prefix])
        if ((rows as { got: number | null }[])[0]?.got !== 1) {
          throw new CliError(`${command}: already running against this database (another process holds its lock)`)
        }
      } catch (error) {
        await connection.end().catch(() => {})
        throw error
      }
      return { release: () => connection.end() } // closing the session frees GET_LOCK locks
    }
  }
}
