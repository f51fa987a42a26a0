import type { Job, JobState } from '../../job/job.js'
import { CLAIMABLE_STATES, UNFINISHED_STATES } from '../../job/job.js'
import { assertTransition } from '../../job/states.js'
import { ReadyIndex } from './ready.js'

/**
 * The rows of one memory store. Rows are private and mutable; everything that leaves the store is a
 * copy made by `copyJob`, so a caller can never change a job behind the store's back.
 */
export interface JobTable {
  rows: Map<string, Row>
  /** Claimable rows in claim order (`ready.ts`); claims read only this. */
  ready: ReadyIndex<Row>
  /** Ids of active rows, for reclaim. */
  active: Set<string>
  /** Per group key: its unfinished ids, lowest first (the head is the only claimable one), and how many are active. */
  groups: Map<string, GroupState>
  /** The unfinished row holding each uniqueKey (at most one by the store's rule). */
  uniqueKeys: Map<string, Row>
  nextId: number
}

export interface GroupState {
  unfinished: string[]
  active: number
}

/** A stored job plus its lease token, which never leaves the store except inside a `Lease`. */
export interface Row extends Job {
  token: string | null
  /** The stamp of the row's live entry in `table.ready`; 0 while it has none. */
  seq: number
}

const unfinishedStates: ReadonlySet<JobState> = new Set(UNFINISHED_STATES)
const claimableStates: ReadonlySet<JobState> = new Set(CLAIMABLE_STATES)

export function createTable(): JobTable {
  return { rows: new Map(), ready: new ReadyIndex(), active: new Set(), groups: new Map(), uniqueKeys: new Map(), nextId: 1 }
}

export function isUnfinished(state: JobState): boolean {
  return unfinishedStates.has(state)
}

/** A scheduled/ready/waiting/retry job whose runAt has passed. */
export function isDue(row: Job, now: Date): boolean {
  return isClaimable(row.state) && row.runAt.getTime() <= now.getTime()
}

/** A scheduled/ready/waiting/retry job, due or not. */
export function isClaimable(state: JobState): boolean {
  return claimableStates.has(state)
}

/**
 * Moves a row to `to` through the transition table and keeps the indexes in step. A row moved to a
 * claimable state is not in the claim index yet: the caller sets its runAt, then calls `makeClaimable`.
 */
export function moveTo(table: JobTable, row: Row, to: JobState): void {
  assertTransition(row.state, to, row.id)
  const from = row.state
  row.state = to
  if (!isUnfinished(to)) {
    if (isUnfinished(from)) forget(table, row, from)
    return
  }
  table.ready.drop(row)
  if (!isUnfinished(from)) {
    track(table, row)
    return
  }
  if (from === 'active') table.active.delete(row.id)
  if (to === 'active') table.active.add(row.id)
  if (row.groupKey !== null && (from === 'active') !== (to === 'active')) groupOf(table, row.groupKey).active += to === 'active' ? 1 : -1
}

/** Indexes a row that just became claimable (inserted, retried, released, reclaimed), with its final runAt. */
export function makeClaimable(table: JobTable, row: Row): void {
  table.ready.add(row)
}

/** Adds an unfinished row (new, or back from failed/cancelled) to the unfinished indexes. */
export function track(table: JobTable, row: Row): void {
  if (row.uniqueKey !== null) table.uniqueKeys.set(row.uniqueKey, row)
  if (row.groupKey === null) return
  const group = groupOf(table, row.groupKey)
  const ids = group.unfinished
  let at = ids.length
  while (at > 0 && compareIds(ids[at - 1] as string, row.id) > 0) at--
  ids.splice(at, 0, row.id)
  if (row.state === 'active') group.active++
}

/** Takes a row that was unfinished in state `from` out of the unfinished indexes (finished or removed). */
export function forget(table: JobTable, row: Row, from: JobState): void {
  table.active.delete(row.id)
  table.ready.drop(row)
  if (row.uniqueKey !== null && table.uniqueKeys.get(row.uniqueKey) === row) table.uniqueKeys.delete(row.uniqueKey)
  if (row.groupKey === null) return
  const group = groupOf(table, row.groupKey)
  const at = group.unfinished.indexOf(row.id)
  if (at >= 0) group.unfinished.splice(at, 1)
  if (from === 'active') group.active--
  if (group.unfinished.length === 0) table.groups.delete(row.groupKey)
}

function groupOf(table: JobTable, key: string): GroupState {
  let group = table.groups.get(key)
  if (group === undefined) table.groups.set(key, (group = { unfinished: [], active: 0 }))
  return group
}

/** The group rule: a grouped row may be claimed only as its group's oldest unfinished job, with nothing of it active. */
export function groupAllows(table: JobTable, row: Row): boolean {
  if (row.groupKey === null) return true
  const group = table.groups.get(row.groupKey)
  return group !== undefined && group.active === 0 && group.unfinished[0] === row.id
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
