import { PermanentError, StopWorkerError, WaitError } from '../errors.js'
import { nextAttemptAt } from '../job/backoff.js'
import type { LeasedJob } from '../job/job.js'

/** How a failed attempt is settled, before the lease and stats are attached. */
export type FailureVerdict =
  | { type: 'retry'; error: unknown; runAt: Date }
  | { type: 'wait'; error: unknown; runAt: Date }
  | { type: 'fail'; error: unknown }

/** Longest error text stored on a job; a stack of a deep async chain can run to hundreds of KB. */
const MAX_ERROR_CHARS = 8_000

/**
 * Decides what a handler's error means for the job. `stop` is true when the error (or what it
 * wraps) asks the worker to stop after this job.
 */
export function judgeFailure(error: unknown, job: LeasedJob, now: number = Date.now()): { verdict: FailureVerdict; stop: boolean } {
  let stop = false
  let cause = error
  // StopWorkerError settles by what it wraps, permanent when it wraps nothing (seed 002's DieException).
  for (let depth = 0; cause instanceof StopWorkerError && depth < 10; depth++) {
    stop = true
    cause = cause.cause === undefined ? new PermanentError(cause.message) : cause.cause
  }
  if (cause instanceof StopWorkerError) cause = new PermanentError(cause.message)
  return { verdict: verdictOf(cause, job, now), stop }
}

function verdictOf(error: unknown, job: LeasedJob, now: number): FailureVerdict {
  if (error instanceof PermanentError) return { type: 'fail', error }
  if (error instanceof WaitError) {
    const delay = Number.isFinite(error.delayMs) && error.delayMs > 0 ? error.delayMs : 0
    return { type: 'wait', error, runAt: new Date(now + delay) }
  }
  if (job.attempts >= job.maxAttempts) return { type: 'fail', error }
  return { type: 'retry', error, runAt: nextAttemptAt(job.backoff, job.attempts, now) }
}

/** The text stored in `lastError`: the stack (it starts with name and message), bounded in size. */
export function errorText(error: unknown): string {
  let text: string
  if (error instanceof Error) text = error.stack ?? `${error.name}: ${error.message}`
  else if (typeof error === 'string') text = error
  else {
    try {
      text = JSON.stringify(error) ?? String(error)
    } catch {
      text = String(error)
    }
  }
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}... (truncated)` : text
}

/** The reason a job's signal aborts when its `timeoutMs` passes; the attempt counts as failed. */
export class JobTimeoutError extends Error {
  override readonly name = 'JobTimeoutError'
  constructor(readonly timeoutMs: number) {
    super(`job timed out after ${timeoutMs} ms`)
  }
}

/** The reason a job's signal aborts when its lease is gone (cancelled, or reclaimed after expiry). */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError'
  constructor(readonly jobId: string) {
    super(`lease on job ${jobId} lost (cancelled or reclaimed)`)
  }
}

/** The reason a job's signal aborts when `stop()`'s grace period ends; the job is released to `ready`. */
export class ShutdownError extends Error {
  override readonly name = 'ShutdownError'
  constructor(readonly graceMs: number) {
    super(`worker stopping: grace period of ${graceMs} ms ended`)
  }
}
