import type { Job, NewJob } from '../job/job.js'
import type { InsertLease } from './port.js'

/** A JSON round trip, as a JSON column would store it (undefined becomes null). */
function viaJson(value: unknown): unknown {
  const text = JSON.stringify(value)
  return text === undefined ? null : (JSON.parse(text) as unknown)
}

/**
 * The job a fresh insert creates, built from its input: what a store returns for a new row without
 * reading it back. `scheduled` when runAt is still ahead of `now`, else `ready`. A store that has
 * already serialised payload and backoff passes those texts as `stored`, and they are parsed
 * instead of serialised a second time. `reusePayload` (`InsertParams.reusePayloads`): the job keeps
 * the input's own payload value, no copy.
 */
export function insertedJob(id: string, input: NewJob, now: Date, stored?: { payload: string; backoff: string }, reusePayload = false): Job {
  const runAt = input.runAt.getTime()
  return {
    id,
    queue: input.queue,
    name: input.name,
    payload: reusePayload ? input.payload : stored ? (JSON.parse(stored.payload) as unknown) : viaJson(input.payload),
    state: runAt > now.getTime() ? 'scheduled' : 'ready',
    priority: input.priority,
    attempts: 0,
    maxAttempts: input.maxAttempts,
    // A frozen backoff (the default one) cannot change behind the store: no copy needed.
    backoff: (Object.isFrozen(input.backoff) ? input.backoff : stored ? JSON.parse(stored.backoff) : viaJson(input.backoff)) as Job['backoff'],
    timeoutMs: input.timeoutMs,
    runAt: new Date(runAt),
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
  }
}

/**
 * The job a leased insert (`insert({ lease })`) creates: `insertedJob`'s, active and leased to
 * `lease.workerId` from `now`, its first attempt counted, as a claim leaves a job.
 */
export function leasedInsertedJob(job: Job, lease: InsertLease, now: Date): Job {
  return { ...job, state: 'active', attempts: 1, lockedBy: lease.workerId, lockedUntil: new Date(now.getTime() + lease.leaseMs), startedAt: new Date(now.getTime()) }
}
