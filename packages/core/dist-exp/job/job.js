/** The states a job never leaves on its own. */
export const FINISHED_STATES = ['completed', 'failed', 'cancelled'];
/** A job in one of these states still counts for uniqueKey and serial groups. */
export const UNFINISHED_STATES = ['scheduled', 'ready', 'active', 'waiting', 'retry'];
/** A job in one of these states is claimed once its runAt has passed. */
export const CLAIMABLE_STATES = ['scheduled', 'ready', 'waiting', 'retry'];
/** An empty counts record. */
export function emptyCounts() {
    return { scheduled: 0, ready: 0, active: 0, waiting: 0, retry: 0, completed: 0, failed: 0, cancelled: 0 };
}
/** Defaults applied by `Queue.add` when an option is left out. */
export const JOB_DEFAULTS = {
    queue: 'default',
    priority: 500,
    maxAttempts: 25,
    // Frozen: shared by every job that does not set its own, so stores may keep it as it is.
    backoff: Object.freeze({ type: 'exponential', baseMs: 1000, maxMs: 16 * 60_000, jitter: true }),
};
//# sourceMappingURL=job.js.map