/** Thrown by a handler: the job fails at once, no retry. */
export declare class PermanentError extends Error {
    readonly name = "PermanentError";
}
/**
 * Thrown by a handler: the job waits `delayMs` and runs again; the attempt does not count
 * (seed 002's WaitingException, e.g. a resource that is not there yet).
 */
export declare class WaitError extends Error {
    readonly delayMs: number;
    readonly name = "WaitError";
    constructor(delayMs: number, message?: string);
}
/**
 * Thrown by a handler: the job is settled by `cause` (a PermanentError, WaitError or any other
 * error, which then counts as temporary; permanent when there is none), then the worker stops
 * (seed 002's DieException, e.g. a closed connection the process cannot recover from).
 */
export declare class StopWorkerError extends Error {
    readonly name = "StopWorkerError";
    constructor(message?: string, options?: {
        cause?: unknown;
    });
}
/** A payload rejected by the Standard Schema validator registered for its job name. */
export declare class ValidationError extends Error {
    readonly jobName: string;
    readonly issues: readonly {
        message: string;
        path?: readonly unknown[];
    }[];
    readonly name = "ValidationError";
    constructor(jobName: string, issues: readonly {
        message: string;
        path?: readonly unknown[];
    }[]);
}
//# sourceMappingURL=errors.d.ts.map