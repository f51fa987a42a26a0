import { FINISHED_STATES, type FinishedState, type NewJob } from '@queue/core'

/** Thrown by every call on a Redis store after `close()`. */
export class RedisStoreClosedError extends Error {
  override readonly name = 'RedisStoreClosedError'
  constructor() {
    super('the redis store is closed')
  }
}

export function validDate(date: Date, what: string): Date {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError(`${what} must be a valid Date`)
  return date
}

export function validCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`)
}

/** Priorities become ZSET scores and Lua numbers: integers beyond ±1e14 would lose digits there. */
const MAX_PRIORITY = 1e14

/** The Queue applies defaults; the store still refuses rows it could not order or lease. */
export function validateNewJob(job: NewJob): void {
  if (typeof job !== 'object' || job === null) throw new TypeError('a job must be an object')
  if (typeof job.name !== 'string' || job.name === '') throw new TypeError('job name must be a non-empty string')
  if (typeof job.queue !== 'string' || job.queue === '') throw new TypeError('job queue must be a non-empty string')
  if (!Number.isInteger(job.priority) || Math.abs(job.priority) > MAX_PRIORITY) {
    throw new TypeError(`job priority must be an integer within ±${MAX_PRIORITY}, got ${job.priority}`)
  }
  if (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1) throw new TypeError(`maxAttempts must be a positive integer, got ${job.maxAttempts}`)
  if (job.timeoutMs !== null && (!Number.isInteger(job.timeoutMs) || job.timeoutMs < 0)) {
    throw new TypeError(`timeoutMs must be a non-negative integer or null, got ${job.timeoutMs}`)
  }
  if (job.groupKey !== null && typeof job.groupKey !== 'string') throw new TypeError('groupKey must be a string or null')
  if (job.uniqueKey !== null && typeof job.uniqueKey !== 'string') throw new TypeError('uniqueKey must be a string or null')
  validDate(job.runAt, 'runAt')
}

/** Ids are positive integers in decimal; anything else names no job (and must not reach a key name). */
export function isJobId(id: unknown): id is string {
  return typeof id === 'string' && /^[1-9][0-9]{0,15}$/.test(id)
}

export function validFinishedStates(states: readonly string[]): FinishedState[] {
  for (const state of states) {
    if (!(FINISHED_STATES as readonly string[]).includes(state)) throw new RangeError(`prune only deletes finished states, got ${state}`)
  }
  return [...new Set(states)] as FinishedState[]
}
