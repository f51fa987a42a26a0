import { deferredNotifier, type ClosableNotifier } from '@queue/sql'
import type { DataSource } from 'typeorm'

interface PgPool {
  options: Record<string, unknown>
  query(sql: string, params: unknown[]): Promise<unknown>
}

/**
 * LISTEN/NOTIFY wake-ups for a postgres DataSource: `@queue/sql`'s PgNotifier on one dedicated
 * connection opened with the DataSource's own pool settings. `@queue/sql/postgres` (and with it
 * pg, which a postgres DataSource has anyway) loads on the first listen, so a MySQL or SQLite user
 * of this package never needs pg installed.
 */
export function postgresNotifier(dataSource: DataSource, options: { schema?: string; tablePrefix?: string }): ClosableNotifier {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master
  return deferredNotifier(async () => {
    if (pool === undefined) throw new Error('the postgres DataSource has no connection pool (is it initialized?)')
    const { PgNotifier, postgresChannel } = await import('@queue/sql/postgres')
    return new PgNotifier({ connection: pool.options, channel: postgresChannel(options), sender: pool as never })
  })
}
