/** Returns `date` when it is a valid Date; a TypeError naming `what` otherwise. */
export function validDate(date, what) {
    if (!(date instanceof Date) || Number.isNaN(date.getTime()))
        throw new TypeError(`${what} must be a valid Date`);
    return date;
}
/** A RangeError naming `what` unless `value` is a non-negative integer (limits, lease lengths). */
export function validCount(value, what) {
    if (!Number.isInteger(value) || value < 0)
        throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
}
/**
 * A TypeError unless `job` is a complete NewJob. `maxPriority` bounds |priority| for backends whose
 * scores lose digits beyond it (Redis ZSET scores).
 */
export function validateNewJob(job, options = {}) {
    if (typeof job !== 'object' || job === null)
        throw new TypeError('a job must be an object');
    if (typeof job.name !== 'string' || job.name === '')
        throw new TypeError('job name must be a non-empty string');
    if (typeof job.queue !== 'string' || job.queue === '')
        throw new TypeError('job queue must be a non-empty string');
    const max = options.maxPriority ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isInteger(job.priority) || Math.abs(job.priority) > max) {
        throw new TypeError(`job priority must be an integer${max < Number.MAX_SAFE_INTEGER ? ` within ±${max}` : ''}, got ${job.priority}`);
    }
    if (!Number.isInteger(job.maxAttempts) || job.maxAttempts < 1)
        throw new TypeError(`maxAttempts must be a positive integer, got ${job.maxAttempts}`);
    if (job.timeoutMs !== null && (!Number.isInteger(job.timeoutMs) || job.timeoutMs < 0)) {
        throw new TypeError(`timeoutMs must be a non-negative integer or null, got ${job.timeoutMs}`);
    }
    if (job.groupKey !== null && typeof job.groupKey !== 'string')
        throw new TypeError('groupKey must be a string or null');
    if (job.uniqueKey !== null && typeof job.uniqueKey !== 'string')
        throw new TypeError('uniqueKey must be a string or null');
    validDate(job.runAt, 'runAt');
}
//# sourceMappingURL=validate.js.map