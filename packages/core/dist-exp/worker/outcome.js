import { PermanentError, StopWorkerError, WaitError } from '../errors.js';
import { nextAttemptAt } from '../job/backoff.js';
/** Longest error text stored on a job; a stack of a deep async chain can run to hundreds of KB. */
const MAX_ERROR_CHARS = 8_000;
/**
 * Decides what a handler's error means for the job. `stop` is true when the error (or what it
 * wraps) asks the worker to stop after this job.
 */
export function judgeFailure(error, job, now = Date.now()) {
    let stop = false;
    let cause = error;
    // StopWorkerError settles by what it wraps, permanent when it wraps nothing (seed 002's DieException).
    for (let depth = 0; cause instanceof StopWorkerError && depth < 10; depth++) {
        stop = true;
        cause = cause.cause === undefined ? new PermanentError(cause.message) : cause.cause;
    }
    if (cause instanceof StopWorkerError)
        cause = new PermanentError(cause.message);
    return { verdict: verdictOf(cause, job, now), stop };
}
function verdictOf(error, job, now) {
    if (error instanceof PermanentError)
        return { type: 'fail', error };
    if (error instanceof WaitError) {
        const delay = Number.isFinite(error.delayMs) && error.delayMs > 0 ? error.delayMs : 0;
        return { type: 'wait', error, runAt: new Date(now + delay) };
    }
    if (job.attempts >= job.maxAttempts)
        return { type: 'fail', error };
    return { type: 'retry', error, runAt: nextAttemptAt(job.backoff, job.attempts, now) };
}
/** The text stored in `lastError`: the stack (it starts with name and message), bounded in size. */
export function errorText(error) {
    let text;
    if (error instanceof Error)
        text = error.stack ?? `${error.name}: ${error.message}`;
    else if (typeof error === 'string')
        text = error;
    else {
        try {
            text = JSON.stringify(error) ?? String(error);
        }
        catch {
            text = String(error);
        }
    }
    return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}... (truncated)` : text;
}
/** The reason a job's signal aborts when its `timeoutMs` passes; the attempt counts as failed. */
export class JobTimeoutError extends Error {
    timeoutMs;
    name = 'JobTimeoutError';
    constructor(timeoutMs) {
        super(`job timed out after ${timeoutMs} ms`);
        this.timeoutMs = timeoutMs;
    }
}
/** The reason a job's signal aborts when its lease is gone (cancelled, or reclaimed after expiry). */
export class LeaseLostError extends Error {
    jobId;
    name = 'LeaseLostError';
    constructor(jobId) {
        super(`lease on job ${jobId} lost (cancelled or reclaimed)`);
        this.jobId = jobId;
    }
}
/** The reason a job's signal aborts when `stop()`'s grace period ends; the job is released to `ready`. */
export class ShutdownError extends Error {
    graceMs;
    name = 'ShutdownError';
    constructor(graceMs) {
        super(`worker stopping: grace period of ${graceMs} ms ended`);
        this.graceMs = graceMs;
    }
}
//# sourceMappingURL=outcome.js.map