/** Thrown by a handler: the job fails at once, no retry. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError'
}

/**
 * Thrown by a handler: the job waits `delayMs` and runs again; the attempt does not count
 * (seed 002's WaitingException, e.g. a resource that is not there yet).
 */
export class WaitError extends Error {
  override readonly name = 'WaitError'
  constructor(
    readonly delayMs: number,
    message = `wait ${delayMs} ms`,
  ) {
    super(message)
  }
}

/**
 * Thrown by a handler: the job is settled by `cause` (a PermanentError, WaitError or any other
 * error, which then counts as temporary; permanent when there is none), then the worker stops
 * (seed 002's DieException, e.g. a closed connection the process cannot recover from).
 */
export class StopWorkerError extends Error {
  override readonly name = 'StopWorkerError'
  constructor(message = 'worker stop requested', options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** A payload rejected by the Standard Schema validator registered for its job name. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError'
  constructor(
    readonly jobName: string,
    readonly issues: readonly { message: string; path?: readonly unknown[] }[],
  ) {
    super(`invalid payload for ${jobName}: ${issues.map((i) => i.message).join('; ')}`)
  }
}
