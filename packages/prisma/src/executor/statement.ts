import type { QueryResult, SqlValue } from '@queue/sql'
import type { PrismaRaw } from './client.js'

const ROW_VERBS = new Set(['SELECT', 'VALUES', 'PRAGMA', 'SHOW', 'EXPLAIN'])

/**
 * Whether a statement yields rows. Prisma splits raw SQL in two calls: `$queryRawUnsafe` returns
 * rows (no count) and `$executeRawUnsafe` a count (no rows), so the executor must pick one: rows for
 * a SELECT (a `WITH` is judged by the statement after its CTEs) and for anything with `RETURNING`.
 */
export function returnsRows(sql: string): boolean {
  if (/\bRETURNING\b/i.test(sql)) return true
  const words = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`/g, "''")
  const first = /^[\s(]*([A-Za-z]+)/.exec(words)?.[1]?.toUpperCase()
  if (first !== 'WITH') return first !== undefined && ROW_VERBS.has(first)
  // The main statement of a WITH is its first verb outside every parenthesis.
  let depth = 0
  for (const token of words.matchAll(/[()]|[A-Za-z]+/g)) {
    const t = token[0]
    if (t === '(') depth++
    else if (t === ')') depth--
    else if (depth === 0 && /^(SELECT|INSERT|UPDATE|DELETE)$/i.test(t)) return t.toUpperCase() === 'SELECT'
  }
  return false
}

/**
 * Finds the database's own error code inside a Prisma error, so the store can recognise unique
 * violations and deadlocks (`23505`, `ER_DUP_ENTRY`, `SQLITE_CONSTRAINT_UNIQUE`, ...).
 * Prisma wraps a failed raw query as P2010 with the driver's code in `meta.code` or in the driver
 * adapter error under `cause`.
 */
function driverError(error: unknown): unknown {
  const e = error as { code?: unknown; meta?: { code?: unknown; message?: unknown; driverAdapterError?: { cause?: Record<string, unknown> } }; cause?: unknown; message?: string }
  if (typeof e !== 'object' || e === null) return error
  const cause = e.meta?.driverAdapterError?.cause
  const code = cause?.originalCode ?? cause?.code ?? e.meta?.code
  if (code === undefined || code === e.code) return error
  const wrapped = Object.assign(new Error(String(e.meta?.message ?? cause?.originalMessage ?? e.message), { cause: error }), {
    code: String(code),
    errno: typeof code === 'number' ? code : Number.isInteger(Number(code)) ? Number(code) : undefined,
    kind: cause?.kind,
  })
  return wrapped
}

/** Runs one statement through Prisma's raw API. Values are left as Prisma decoded them (BIGINT: bigint). */
export async function runStatement(client: PrismaRaw, sql: string, params: readonly SqlValue[] = []): Promise<QueryResult> {
  try {
    if (returnsRows(sql)) {
      const rows = (await client.$queryRawUnsafe(sql, ...params)) as Record<string, unknown>[]
      return { rows, affected: rows.length }
    }
    return { rows: [], affected: await client.$executeRawUnsafe(sql, ...params) }
  } catch (error) {
    throw driverError(error)
  }
}
