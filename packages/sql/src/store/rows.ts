import type { Backoff, Job, JobState, RunStats } from '@queue/core'
import type { Row } from '../executor.js'

/** BIGINT arrives as string (pg), number (mysql2, better-sqlite3) or bigint (Prisma). */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value)
  throw new TypeError(`expected a number from the database, got ${typeof value}`)
}

function toNumberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toNumber(value)
}

function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(toNumber(value))
}

function toStringOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return typeof value === 'string' ? value : String(value)
}

/** JSON columns are TEXT everywhere; an ORM that already parsed one hands us the value itself. */
export function fromJson(value: unknown): unknown {
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return JSON.parse(value) as unknown
  if (value instanceof Uint8Array) return JSON.parse(Buffer.from(value).toString('utf8')) as unknown
  return value
}

/** A JSON value as stored: undefined and unserialisable values become `null`, like a json column. */
export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value) ?? 'null'
}

/** A row of the jobs table as a public Job. */
export function toJob(row: Row): Job {
  return {
    id: String(row.id),
    queue: String(row.queue),
    name: String(row.name),
    payload: fromJson(row.payload),
    state: String(row.state) as JobState,
    priority: toNumber(row.priority),
    attempts: toNumber(row.attempts),
    maxAttempts: toNumber(row.max_attempts),
    backoff: fromJson(row.backoff) as Backoff,
    timeoutMs: toNumberOrNull(row.timeout_ms),
    runAt: new Date(toNumber(row.run_at)),
    groupKey: toStringOrNull(row.group_key),
    uniqueKey: toStringOrNull(row.unique_key),
    result: fromJson(row.result),
    lastError: toStringOrNull(row.last_error),
    progress: fromJson(row.progress),
    lockedBy: toStringOrNull(row.locked_by),
    lockedUntil: toDateOrNull(row.locked_until),
    createdAt: new Date(toNumber(row.created_at)),
    startedAt: toDateOrNull(row.started_at),
    finishedAt: toDateOrNull(row.finished_at),
    stats: fromJson(row.stats) as RunStats | null,
  }
}

/** Ids are positive integers kept as strings; anything else names no job. */
export function idParam(id: string): number | null {
  if (typeof id !== 'string' || !/^[1-9][0-9]{0,15}$/.test(id)) return null
  const n = Number(id)
  return Number.isSafeInteger(n) ? n : null
}
