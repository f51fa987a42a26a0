/** Thrown by a handler: the job fails at once, no retry. */
export class PermanentError extends Error {
    name = 'PermanentError';
}
/**
 * Thrown by a handler: the job waits `delayMs` and runs again; the attempt does not count
 * (seed 002's WaitingException, e.g. a resource that is not there yet).
 */
export class WaitError extends Error {
    delayMs;
    name = 'WaitError';
    constructor(delayMs, message = `wait ${delayMs} ms`) {
        super(message);
        this.delayMs = delayMs;
    }
}
/**
 * Thrown by a handler: the job is settled by `cause` (a PermanentError, WaitError or any other
 * error, which then counts as temporary; permanent when there is none), then the worker stops
 * (seed 002's DieException, e.g. a closed connection the process cannot recover from).
 */
export class StopWorkerError extends Error {
    name = 'StopWorkerError';
    constructor(message = 'worker stop requested', options) {
        super(message, options);
    }
}
/** A payload rejected by the Standard Schema validator registered for its job name. */
export class ValidationError extends Error {
    jobName;
    issues;
    name = 'ValidationError';
    constructor(jobName, issues) {
        super(`invalid payload for ${jobName}: ${issues.map((i) => i.message).join('; ')}`);
        this.jobName = jobName;
        this.issues = issues;
    }
}
//# sourceMappingURL=errors.js.map