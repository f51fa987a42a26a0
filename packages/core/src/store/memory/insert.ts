import type { NewJob } from '../../job/job.js'
import type { InsertResult } from '../port.js'
import { copyJob, isUnfinished, toJson, type JobTable, type Row } from './table.js'

/**
 * Inserts a batch in input order. A uniqueKey held by an unfinished job (one stored earlier or one
 * earlier in this same batch) returns that job with `duplicate: true` instead of a new row.
 */
export function insertJobs(table: JobTable, jobs: readonly NewJob[], now: Date): InsertResult[] {
  const held = heldUniqueKeys(table, jobs)
  return jobs.map((input) => {
    const existing = input.uniqueKey === null ? undefined : held.get(input.uniqueKey)
    if (existing !== undefined) return { job: copyJob(existing), duplicate: true }
    const row = newRow(table, input, now)
    table.rows.set(row.id, row)
    table.unfinished.add(row.id)
    if (row.uniqueKey !== null) held.set(row.uniqueKey, row)
    return { job: copyJob(row), duplicate: false }
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
  const runAt = new Date(input.runAt.getTime())
  return {
    id: String(table.nextId++),
    queue: input.queue,
    name: input.name,
    payload: toJson(input.payload),
    state: runAt.getTime() > now.getTime() ? 'scheduled' : 'ready',
    priority: input.priority,
    attempts: 0,
    maxAttempts: input.maxAttempts,
    backoff: { ...input.backoff },
    timeoutMs: input.timeoutMs,
    runAt,
    groupKey: input.groupKey,
    uniqueKey: input.uniqueKey,
    result: null,
    lastError: null,
    progress: null,
    lockedBy: null,
    lockedUntil: null,
    createdAt: new Date(now.getTime()),
    startedAt: null,
    finishedAt: null,
    stats: null,
    token: null,
  }
}
