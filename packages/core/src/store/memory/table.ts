import type { Job, JobState } from '../../job/job.js'
import { CLAIMABLE_STATES, UNFINISHED_STATES } from '../../job/job.js'
import { assertTransition } from '../../job/states.js'

/**
 * The rows of one memory store. Rows are private and mutable; everything that leaves the store is a
 * copy made by `copyJob`, so a caller can never change a job behind the store's back.
 */
export interface JobTable {
  rows: Map<string, Row>
  /** Ids of unfinished rows, so claim and reclaim skip the (usually much larger) finished history. */
  unfinished: Set<string>
  nextId: number
}

/** A stored job plus its lease token, which never leaves the store except inside a `Lease`. */
export interface Row extends Job {
  token: string | null
}

const unfinishedStates: ReadonlySet<JobState> = new Set(UNFINISHED_STATES)
const claimableStates: ReadonlySet<JobState> = new Set(CLAIMABLE_STATES)

export function createTable(): JobTable {
  return { rows: new Map(), unfinished: new Set(), nextId: 1 }
}

export function isUnfinished(state: JobState): boolean {
  return unfinishedStates.has(state)
}

/** A scheduled/ready/waiting/retry job whose runAt has passed. */
export function isDue(row: Job, now: Date): boolean {
  return claimableStates.has(row.state) && row.runAt.getTime() <= now.getTime()
}

/** Moves a row to `to` through the transition table and keeps the unfinished index in step. */
export function moveTo(table: JobTable, row: Row, to: JobState): void {
  assertTransition(row.state, to, row.id)
  row.state = to
  if (isUnfinished(to)) table.unfinished.add(row.id)
  else table.unfinished.delete(row.id)
}

/** Drops the lease of a row that is leaving `active`. */
export function clearLease(row: Row): void {
  row.lockedBy = null
  row.lockedUntil = null
  row.token = null
}

/** Ids are increasing integers kept as strings; compare them as numbers. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)
}

/**
 * JSON values go through a JSON round trip, exactly as a SQL store's json column would treat them
 * (Dates become strings, undefined fields vanish), so memory never behaves better than production.
 */
export function toJson(value: unknown): unknown {
  if (value === undefined) return null
  const text = JSON.stringify(value)
  return text === undefined ? null : (JSON.parse(text) as unknown)
}

function copyDate(date: Date | null): Date | null {
  return date === null ? null : new Date(date.getTime())
}

/** A detached copy of a row as a public `Job` (no token). */
export function copyJob(row: Row): Job {
  return {
    id: row.id,
    queue: row.queue,
    name: row.name,
    payload: toJson(row.payload),
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    backoff: { ...row.backoff },
    timeoutMs: row.timeoutMs,
    runAt: new Date(row.runAt.getTime()),
    groupKey: row.groupKey,
    uniqueKey: row.uniqueKey,
    result: toJson(row.result),
    lastError: row.lastError,
    progress: toJson(row.progress),
    lockedBy: row.lockedBy,
    lockedUntil: copyDate(row.lockedUntil),
    createdAt: new Date(row.createdAt.getTime()),
    startedAt: copyDate(row.startedAt),
    finishedAt: copyDate(row.finishedAt),
    stats: row.stats === null ? null : structuredClone(row.stats),
  }
}

/** The row holding this lease: active, same id, same token. Undefined when the lease is gone. */
export function leasedRow(table: JobTable, lease: { id: string; token: string }): Row | undefined {
  const row = table.rows.get(lease.id)
  if (row === undefined || row.state !== 'active' || row.token === null || row.token !== lease.token) return undefined
  return row
}
