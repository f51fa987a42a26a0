import type { LeasedJob } from '../job/job.js';
/** How a failed attempt is settled, before the lease and stats are attached. */
export type FailureVerdict = {
    type: 'retry';
    error: unknown;
    runAt: Date;
} | {
    type: 'wait';
    error: unknown;
    runAt: Date;
} | {
    type: 'fail';
    error: unknown;
};
/**
 * Decides what a handler's error means for the job. `stop` is true when the error (or what it
 * wraps) asks the worker to stop after this job.
 */
export declare function judgeFailure(error: unknown, job: LeasedJob, now?: number): {
    verdict: FailureVerdict;
    stop: boolean;
};
/** The text stored in `lastError`: the stack (it starts with name and message), bounded in size. */
export declare function errorText(error: unknown): string;
/** The reason a job's signal aborts when its `timeoutMs` passes; the attempt counts as failed. */
export declare class JobTimeoutError extends Error {
    readonly timeoutMs: number;
    readonly name = "JobTimeoutError";
    constructor(timeoutMs: number);
}
/** The reason a job's signal aborts when its lease is gone (cancelled, or reclaimed after expiry). */
export declare class LeaseLostError extends Error {
    readonly jobId: string;
    readonly name = "LeaseLostError";
    constructor(jobId: string);
}
/** The reason a job's signal aborts when `stop()`'s grace period ends; the job is released to `ready`. */
export declare class ShutdownError extends Error {
    readonly graceMs: number;
    readonly name = "ShutdownError";
    constructor(graceMs: number);
}
//# sourceMappingURL=outcome.d.ts.map