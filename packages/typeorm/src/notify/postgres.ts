import type { Notifier } from '@queue/core'
import type { DataSource } from 'typeorm'

/** A Notifier that can also release its LISTEN connection. */
export interface ClosableNotifier extends Notifier {
  close(): Promise<void>
}

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
  let notifier: Promise<ClosableNotifier> | null = null
  const load = (): Promise<ClosableNotifier> => {
    if (pool === undefined) return Promise.reject(new Error('the postgres DataSource has no connection pool (is it initialized?)'))
    notifier ??= import('@queue/sql/postgres').then(
      ({ PgNotifier, postgresChannel }) =>
        new PgNotifier({ connection: pool.options, channel: postgresChannel(options), sender: pool as never }),
    )
    return notifier
  }
  return {
    listen: async (onWake) => (await load()).listen(onWake),
    notify: async (queue) => (await load()).notify(queue),
    close: async () => {
      await (await notifier)?.close()
    },
  }
}
