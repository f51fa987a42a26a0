/**
 * Input checks every store runs on what reaches it. The Queue applies defaults and validates
 * options first; a store still refuses rows it could not order or lease, whoever calls it.
 */
import type { NewJob } from '../job/job.js'
import type { InsertParams } from './port.js'

/** Returns `date` when it is a valid Date; a TypeError naming `what` otherwise. */
export function validDate(date: Date, what: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError(`${what} must be a valid Date`)
  return date
}

/** A RangeError naming `what` unless `value` is a non-negative integer (limits, lease lengths). */
export function validCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`)
}

/**
 * A TypeError unless `job` is a complete NewJob. `maxPriority` bounds |priority| for backends whose
 * scores lose digits beyond it (Redis ZSET scores).
 */
export function validateNewJob(job: NewJob, options: { maxPriority?: number } = {}): void {
  if (typeof job !== 'object' || job === null) throw new TypeError('a job must be an object')
  if (typeof job.name !== 'string' || job.name === '') throw new TypeError('job name must be a non-empty string')
  if (typeof job.queue !== 'string' || job.queue === '') throw new TypeError('job queue must be a non-empty string')
  const max = options.maxPriority ?? Number.MAX_SAFE_INTEGER
  if (!Number.isInteger(job.priority) || Math.abs(job.priority) > max) {
    throw new TypeError(`job priority must be an integer${max < Number.MAX_SAFE_INTEGER ? ` within ±${max}` : ''}, got ${job.priority}`)
  }
  if (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1) throw new TypeError(`maxAttempts must be a positive integer, got ${job.maxAttempts}`)
  if (job.timeoutMs !== null && (!Number.isInteger(job.timeoutMs) || job.timeoutMs < 0)) {
    throw new TypeError(`timeoutMs must be a non-negative integer or null, got ${job.timeoutMs}`)
  }
  if (job.groupKey !== null && typeof job.groupKey !== 'string') throw new TypeError('groupKey must be a string or null')
  if (job.uniqueKey !== null && typeof job.uniqueKey !== 'string') throw new TypeError('uniqueKey must be a string or null')
  validDate(job.runAt, 'runAt')
}

/**
 * A TypeError unless `insert({ lease })` may lease these jobs (`InsertParams.lease`): one job, due
 * at `now`, without groupKey or uniqueKey, outside a transaction, with a worker id and a lease length.
 */
export function validateLeasedInsert(params: InsertParams, now: Date): void {
  const { lease, jobs, tx } = params
  if (lease === undefined) return
  if (typeof lease !== 'object' || lease === null || typeof lease.workerId !== 'string' || lease.workerId === '') throw new TypeError('lease.workerId must be a non-empty string')
  validCount(lease.leaseMs, 'lease.leaseMs')
  if (tx !== undefined) throw new TypeError('a leased insert cannot run inside a transaction')
  if (jobs.length !== 1) throw new TypeError(`a leased insert takes exactly one job, got ${jobs.length}`)
  if (!leasableOnInsert(jobs[0] as NewJob, now.getTime())) throw new TypeError('a leased insert takes only a job that is due now, without groupKey or uniqueKey')
}

/**
 * A job a leased insert may take: due at `now` (ms), without groupKey (its order within the group
 * needs a claim) or uniqueKey (a duplicate returns the holder, which nobody leased).
 */
export function leasableOnInsert(job: NewJob, now: number): boolean {
  return job.groupKey === null && job.uniqueKey === null && job.runAt.getTime() <= now
}
