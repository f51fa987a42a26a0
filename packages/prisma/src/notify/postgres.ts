import { deferredNotifier, type ClosableNotifier } from '@queue/sql'
import type { PrismaRaw } from '../executor/client.js'

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
  return deferredNotifier(async () => {
    const { PgNotifier, postgresChannel } = await import('@queue/sql/postgres')
    return new PgNotifier({
      connection: typeof connection === 'string' ? { connectionString: connection } : connection,
      channel: postgresChannel(naming),
      sender: { query: async (sql: string, params: unknown[]) => prisma.$executeRawUnsafe(sql, ...params) } as never,
    })
  })
}
