import type { Dialect } from '@queue/sql'
import { PrismaStoreError } from '../errors.js'

/** Prisma's provider names, and the SQL dialect each speaks. */
const DIALECTS: Record<string, Dialect> = {
  postgresql: 'postgres',
  postgres: 'postgres',
  mysql: 'mysql',
  sqlite: 'sqlite',
}

/**
 * The SQL dialect of a PrismaClient: the `dialect` option when given, else the provider of the
 * schema the client was generated from (Prisma keeps it as `_activeProvider`).
 */
export function dialectOf(prisma: unknown, explicit?: Dialect): Dialect {
  if (explicit) return explicit
  const provider = (prisma as { _activeProvider?: unknown })._activeProvider
  const dialect = typeof provider === 'string' ? DIALECTS[provider] : undefined
  if (!dialect) {
    throw new PrismaStoreError(
      `@queue/prisma supports the postgresql, mysql and sqlite providers; got ${JSON.stringify(provider)} (pass { dialect } to override)`,
    )
  }
  return dialect
}
