/**
 * The one table of allowed transitions. Stores and the engine consult it; a transition not listed
 * here is an `IllegalTransitionError`.
 *
 * Promotion of a due `scheduled`/`retry`/`waiting` job to `ready` happens implicitly at claim time
 * (the store claims due jobs in those states directly), which is why they may go to `active`.
 */
export const TRANSITIONS = {
    scheduled: ['ready', 'active', 'cancelled'],
    ready: ['active', 'cancelled'],
    active: ['completed', 'retry', 'waiting', 'failed', 'ready', 'cancelled'],
    waiting: ['ready', 'active', 'cancelled'],
    retry: ['ready', 'active', 'cancelled'],
    completed: [],
    failed: ['ready'],
    cancelled: ['ready'],
};
/** Thrown when code asks for a transition the table does not allow. */
export class IllegalTransitionError extends Error {
    from;
    to;
    jobId;
    name = 'IllegalTransitionError';
    constructor(from, to, jobId) {
        super(`illegal job state transition ${from} -> ${to}${jobId ? ` (job ${jobId})` : ''}`);
        this.from = from;
        this.to = to;
        this.jobId = jobId;
    }
}
/** True when the table allows `from -> to`. */
export function canTransition(from, to) {
    return TRANSITIONS[from].includes(to);
}
/** Throws `IllegalTransitionError` unless the table allows `from -> to`. */
export function assertTransition(from, to, jobId) {
    if (!canTransition(from, to))
        throw new IllegalTransitionError(from, to, jobId);
}
//# sourceMappingURL=states.js.map