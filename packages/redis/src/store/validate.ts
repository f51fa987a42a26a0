import { FINISHED_STATES, type FinishedState, type NewJob, validateNewJob as checkNewJob } from '@queue/core'

/** Thrown by every call on a Redis store after `close()`. */
export class RedisStoreClosedError extends Error {
  override readonly name = 'RedisStoreClosedError'
  constructor() {
    super('the redis store is closed')
  }
}

export { validCount, validDate } from '@queue/core'

/** Priorities become ZSET scores and Lua numbers: integers beyond ±1e14 would lose digits there. */
const MAX_PRIORITY = 1e14

/** The Queue applies defaults; the store still refuses rows it could not order or lease. */
export function validateNewJob(job: NewJob): void {
  checkNewJob(job, { maxPriority: MAX_PRIORITY })
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
