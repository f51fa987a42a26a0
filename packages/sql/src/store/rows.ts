import type { Backoff, Job, JobState, LeasedJob, RunStats } from '@queue/core'
import { JOB_DEFAULTS } from '@queue/core'
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

/**
 * RunStats as stored: a positional array `[pid, host, durationMs, rssBefore, heapBefore, rssAfter,
 * heapAfter]`, ~60 bytes instead of ~150 for the object. Every settle writes one per job, and on
 * SQLite the object form alone cost a sixth of the drain (wider rows, more pages per commit).
 */
export function encodeStats(stats: RunStats): string {
  const { memoryBefore: before, memoryAfter: after } = stats
  // A template, not JSON.stringify of an array (a fifth of the settle's CPU); only the host needs quoting.
  return `[${num(stats.pid)},${hostJson(stats.host)},${num(stats.durationMs)},${num(before.rss)},${num(before.heapUsed)},${num(after.rss)},${num(after.heapUsed)}]`
}

/** A number as JSON (NaN and infinities become null, as JSON.stringify writes them). */
function num(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null'
}

let lastHost = ''
let lastHostJson = '""'

/** The host quoted as JSON, remembered: every job of a process has the same one. */
function hostJson(host: string): string {
  if (host !== lastHost) {
    lastHost = host
    lastHostJson = JSON.stringify(host)
  }
  return lastHostJson
}

/** Stored stats back to RunStats: the positional array, or an object as older rows hold it. */
export function decodeStats(value: unknown): RunStats | null {
  const parsed = fromJson(value)
  if (!Array.isArray(parsed)) return (parsed ?? null) as RunStats | null
  const [pid, host, durationMs, rssBefore, heapBefore, rssAfter, heapAfter] = parsed as [number, string, number, number, number, number, number]
  return { pid, host, durationMs, memoryBefore: { rss: rssBefore, heapUsed: heapBefore }, memoryAfter: { rss: rssAfter, heapUsed: heapAfter } }
}

/** Parsed backoff texts: a queue's jobs share a handful, and each claim would parse one per job. */
const backoffs = new Map<string, Backoff>()

function toBackoff(value: unknown): Backoff {
  if (typeof value !== 'string') return fromJson(value) as Backoff
  let backoff = backoffs.get(value)
  if (backoff === undefined) {
    backoff = Object.freeze(JSON.parse(value) as Backoff)
    if (backoffs.size >= 100) backoffs.clear()
    backoffs.set(value, backoff)
  }
  return backoff
}

/**
 * The columns a claim returns. The rest of a freshly leased job is known without reading it:
 * state `active`, the lease just written, no result, not finished (see `toLeasedJob`).
 */
export const CLAIMED_COLUMNS = ['id', 'queue', 'name', 'payload', 'priority', 'attempts', 'max_attempts', 'backoff', 'timeout_ms', 'run_at', 'group_key', 'unique_key', 'last_error', 'progress', 'created_at', 'stats'] as const

/** What a claim wrote on every job it leased. */
export interface LeaseWritten {
  workerId: string
  token: string
  until: number
  now: number
  /** The one queue the claim read, for rows that leave `queue` NULL (sqlite). */
  queue?: string
}

/**
 * A claimed row (`CLAIMED_COLUMNS`) as the LeasedJob the worker runs. Written out beside `toJob`
 * rather than built on it and overwritten, so the claim path makes each object once, in its final
 * shape (an A/B of the two on the drain was within this machine's noise).
 */
export function toLeasedJob(row: Row, lease: LeaseWritten): LeasedJob {
  const id = String(row.id)
  return {
    id,
    // NULL: a value the claim knew and did not read back (sqlite's one-queue claim, the default backoff).
    queue: row.queue == null ? knownQueue(lease) : String(row.queue),
    name: String(row.name),
    payload: fromJson(row.payload),
    state: 'active',
    priority: toNumber(row.priority),
    attempts: toNumber(row.attempts),
    maxAttempts: toNumber(row.max_attempts),
    backoff: row.backoff == null ? JOB_DEFAULTS.backoff : toBackoff(row.backoff),
    timeoutMs: toNumberOrNull(row.timeout_ms),
    runAt: new Date(toNumber(row.run_at)),
    groupKey: toStringOrNull(row.group_key),
    uniqueKey: toStringOrNull(row.unique_key),
    result: null,
    lastError: toStringOrNull(row.last_error),
    progress: fromJson(row.progress),
    lockedBy: lease.workerId,
    lockedUntil: new Date(lease.until),
    createdAt: new Date(toNumber(row.created_at)),
    startedAt: new Date(lease.now),
    finishedAt: null,
    stats: decodeStats(row.stats),
    lease: { id, token: lease.token },
  }
}

function knownQueue(lease: LeaseWritten): string {
  if (lease.queue === undefined) throw new Error('a claimed row came back without its queue')
  return lease.queue
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
    backoff: toBackoff(row.backoff),
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
    stats: decodeStats(row.stats),
  }
}

/** Ids are positive integers kept as strings; anything else names no job. */
export function idParam(id: string): number | null {
  if (typeof id !== 'string' || !/^[1-9][0-9]{0,15}$/.test(id)) return null
  const n = Number(id)
  return Number.isSafeInteger(n) ? n : null
}
