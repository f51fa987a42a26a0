import { randomUUID } from 'node:crypto'
import type { NewJob } from '../../job/job.js'
import type { InsertLease, InsertResult } from '../port.js'
import { insertedJob } from '../inserted-job.js'
import { leaseRow } from './claim.js'
import { copyJob, makeClaimable, track, type JobTable, type Row } from './table.js'

/**
 * Inserts a batch in input order. A uniqueKey held by an unfinished job (one stored earlier or one
 * earlier in this same batch) returns that job with `duplicate: true` instead of a new row.
 * `reusePayloads`: a new job comes back with the input's own payload (the row keeps its copy).
 */
export function insertJobs(table: JobTable, jobs: readonly NewJob[], now: Date, reusePayloads = false): InsertResult[] {
  const held = heldUniqueKeys(table, jobs)
  return jobs.map((input) => {
    const existing = input.uniqueKey === null ? undefined : held.get(input.uniqueKey)
    if (existing !== undefined) return { job: copyJob(existing), duplicate: true }
    const row = newRow(table, input, now)
    table.rows.set(row.id, row)
    track(table, row)
    makeClaimable(table, row)
    if (row.uniqueKey !== null) held.set(row.uniqueKey, row)
    return { job: reusePayloads ? { ...copyJob(row), payload: input.payload } : copyJob(row), duplicate: false }
  })
}

/** Inserts one job leased to `lease.workerId`, as a claim would leave it (checked by `validateLeasedInsert`). */
export function insertLeased(table: JobTable, job: NewJob, now: Date, lease: InsertLease, reusePayloads = false): InsertResult {
  const row = newRow(table, job, now)
  table.rows.set(row.id, row)
  track(table, row)
  const leased = leaseRow(table, row, lease.workerId, new Date(now.getTime() + lease.leaseMs), now, randomUUID())
  const { lease: held, ...stored } = leased
  return { job: reusePayloads ? { ...stored, payload: job.payload } : stored, duplicate: false, lease: held }
}

/** The unfinished rows that hold one of the batch's unique keys. */
function heldUniqueKeys(table: JobTable, jobs: readonly NewJob[]): Map<string, Row> {
  const held = new Map<string, Row>()
  for (const job of jobs) {
    const row = job.uniqueKey === null ? undefined : table.uniqueKeys.get(job.uniqueKey)
    if (row !== undefined) held.set(row.uniqueKey as string, row)
  }
  return held
}

function newRow(table: JobTable, input: NewJob, now: Date): Row {
  return { ...insertedJob(String(table.nextId++), input, now), token: null, seq: 0 }
}
