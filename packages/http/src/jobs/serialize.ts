/** Jobs as the API shows them: every field, dates as ISO strings. */
import type { Job } from '@queue/core'

/** The JSON form of a job. */
export interface JobJson {
  id: string
  queue: string
  name: string
  payload: unknown
  state: Job['state']
  priority: number
  attempts: number
  maxAttempts: number
  backoff: Job['backoff']
  timeoutMs: number | null
  runAt: string
  groupKey: string | null
  uniqueKey: string | null
  result: unknown
  lastError: string | null
  progress: unknown
  lockedBy: string | null
  lockedUntil: string | null
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  stats: Job['stats']
}

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())

/** Converts a stored job to its JSON form. */
export function serializeJob(job: Job): JobJson {
  return {
    id: job.id,
    queue: job.queue,
    name: job.name,
    payload: job.payload,
    state: job.state,
    priority: job.priority,
    attempts: job.attempts,
    maxAttempts: job.maxAttempts,
    backoff: job.backoff,
    timeoutMs: job.timeoutMs,
    runAt: job.runAt.toISOString(),
    groupKey: job.groupKey,
    uniqueKey: job.uniqueKey,
    result: job.result ?? null,
    lastError: job.lastError,
    progress: job.progress ?? null,
    lockedBy: job.lockedBy,
    lockedUntil: iso(job.lockedUntil),
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    stats: job.stats,
  }
}
