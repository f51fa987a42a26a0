import type { Notifier } from '@queue/core'
import type { PrismaRaw } from '../executor/client.js'

/** A Notifier that can also release its LISTEN connection. */
export interface ClosableNotifier extends Notifier {
  close(): Promise<void>
}

/**
 * LISTEN/NOTIFY wake-ups beside a PrismaClient, which cannot hold a LISTEN connection itself:
 * `@queue/sql`'s PgNotifier on one dedicated pg connection (`connection`), sending NOTIFY through
 * Prisma. `@queue/sql/postgres` (and with it pg, which @prisma/adapter-pg uses anyway) loads on the
 * first listen, so MySQL and SQLite users never need pg.
 */
export function postgresNotifier(
  prisma: PrismaRaw,
  connection: string | Record<string, unknown>,
  naming: { schema?: string; tablePrefix?: string },
): ClosableNotifier {
  let notifier: Promise<ClosableNotifier> | null = null
  const load = (): Promise<ClosableNotifier> => {
    notifier ??= import('@queue/sql/postgres').then(
      ({ PgNotifier, postgresChannel }) =>
        new PgNotifier({
          connection: typeof connection === 'string' ? { connectionString: connection } : connection,
          channel: postgresChannel(naming),
          sender: { query: async (sql: string, params: unknown[]) => prisma.$executeRawUnsafe(sql, ...params) } as never,
        }),
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
