import { randomUUID } from 'node:crypto'
import type { Lease, LeasedJob } from '../../job/job.js'
import type { ClaimParams, RenewParams } from '../port.js'
import { clearLease, compareIds, copyJob, groupAllows, isClaimable, leasedRow, makeClaimable, moveTo, type JobTable, type Row } from './table.js'

/** The error recorded on a job whose worker stopped renewing its lease. */
export const LEASE_EXPIRED = 'lease expired'

/**
 * Leases up to `limit` due jobs: priority DESC, runAt ASC, id ASC. A grouped job is eligible only
 * when it is the oldest unfinished job of its group and nothing of its group is active, so a batch
 * never holds two jobs of one group. Reads the claim index (`ready.ts`), never the whole table;
 * several queues are merged from each queue's best `limit`, and the rows not taken go back.
 */
export function claimJobs(table: JobTable, params: ClaimParams, now: Date): LeasedJob[] {
  if (params.limit <= 0) return []
  const queues = params.queues !== undefined && params.queues.length > 0 ? [...new Set(params.queues)] : undefined
  const { min, max } = params.priority ?? {}
  const candidates = table.ready.take(
    { queues, min, max, now: now.getTime(), live: (row) => isClaimable(row.state), eligible: (row) => groupAllows(table, row) },
    params.limit,
  )
  const chosen = candidates.length > params.limit || queues?.length !== 1 ? firstInOrder(candidates, params.limit) : candidates
  if (chosen.length < candidates.length) {
    const kept = new Set(chosen)
    for (const row of candidates) if (!kept.has(row)) makeClaimable(table, row)
  }
  const lockedUntil = new Date(now.getTime() + params.leaseMs)
  // One token per claim, as the SQL stores do: the lease is id + token, and every claim makes a new one.
  const token = randomUUID()
  return chosen.map((row) => leaseRow(table, row, params.workerId, lockedUntil, now, token))
}

/** Leases a claimable row to `workerId` (a claim, or a leased insert): active, its attempt counted. */
export function leaseRow(table: JobTable, row: Row, workerId: string, lockedUntil: Date, now: Date, token: string): LeasedJob {
  moveTo(table, row, 'active')
  row.attempts += 1
  row.lockedBy = workerId
  row.lockedUntil = new Date(lockedUntil.getTime())
  row.startedAt = new Date(now.getTime())
  row.token = token
  return { ...copyJob(row), lease: { id: row.id, token } }
}

function claimOrder(a: Row, b: Row): number {
  return b.priority - a.priority || a.runAt.getTime() - b.runAt.getTime() || compareIds(a.id, b.id)
}

/** The first `limit` rows in claim order, kept sorted by insertion: O(n log limit), not a full sort. */
function firstInOrder(rows: readonly Row[], limit: number): Row[] {
  const best: Row[] = []
  for (const row of rows) {
    const worst = best.at(-1)
    if (best.length >= limit && worst !== undefined && claimOrder(row, worst) >= 0) continue
    let lo = 0
    let hi = best.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (claimOrder(best[mid] as Row, row) <= 0) lo = mid + 1
      else hi = mid
    }
    best.splice(lo, 0, row)
    if (best.length > limit) best.pop()
  }
  return best
}

/**
 * Extends the leases still held (active with the same token). A lease past its lockedUntil that has
 * not been reclaimed yet is still held: only `reclaimExpired` or `cancel` take a lease away.
 */
export function renewLeases(table: JobTable, params: RenewParams, now: Date): Lease[] {
  const held: Lease[] = []
  for (const lease of params.leases) {
    const row = leasedRow(table, lease)
    if (row === undefined) continue
    row.lockedUntil = new Date(now.getTime() + params.leaseMs)
    held.push({ id: lease.id, token: lease.token })
  }
  return held
}

/**
 * Active jobs whose lockedUntil is at or before `now` go back to `ready` (their attempt counted), or
 * to `failed` when attempts >= maxAttempts; the longest expired first, at most `limit`.
 * Returns the rows moved.
 */
export function reclaimExpired(table: JobTable, limit: number, now: Date): Row[] {
  if (limit <= 0) return []
  const expired: Row[] = []
  for (const id of table.active) {
    const row = table.rows.get(id)
    if (row?.state === 'active' && row.lockedUntil !== null && row.lockedUntil.getTime() <= now.getTime()) expired.push(row)
  }
  expired.sort((a, b) => (a.lockedUntil as Date).getTime() - (b.lockedUntil as Date).getTime() || compareIds(a.id, b.id))
  const moved = expired.slice(0, limit)
  for (const row of moved) {
    const exhausted = row.attempts >= row.maxAttempts
    moveTo(table, row, exhausted ? 'failed' : 'ready')
    clearLease(row)
    row.lastError = LEASE_EXPIRED
    if (exhausted) row.finishedAt = new Date(now.getTime())
    else makeClaimable(table, row)
  }
  return moved
}
