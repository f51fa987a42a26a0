import type { NewJob } from '../../job/job.js'
import type { InsertResult } from '../port.js'
import { insertedJob } from '../inserted-job.js'
import { copyJob, isUnfinished, type JobTable, type Row } from './table.js'

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
    table.unfinished.add(row.id)
    if (row.uniqueKey !== null) held.set(row.uniqueKey, row)
    return { job: reusePayloads ? { ...copyJob(row), payload: input.payload } : copyJob(row), duplicate: false }
  })
}

/** The unfinished rows that hold one of the batch's unique keys. */
function heldUniqueKeys(table: JobTable, jobs: readonly NewJob[]): Map<string, Row> {
  const wanted = new Set(jobs.flatMap((job) => (job.uniqueKey === null ? [] : [job.uniqueKey])))
  const held = new Map<string, Row>()
  if (wanted.size === 0) return held
  for (const id of table.unfinished) {
    const row = table.rows.get(id)
    if (row?.uniqueKey != null && wanted.has(row.uniqueKey) && isUnfinished(row.state)) held.set(row.uniqueKey, row)
  }
  return held
}

function newRow(table: JobTable, input: NewJob, now: Date): Row {
  return { ...insertedJob(String(table.nextId++), input, now), token: null }
}
