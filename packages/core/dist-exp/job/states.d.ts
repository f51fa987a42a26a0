import type { JobState } from './job.js';
/**
 * The one table of allowed transitions. Stores and the engine consult it; a transition not listed
 * here is an `IllegalTransitionError`.
 *
 * Promotion of a due `scheduled`/`retry`/`waiting` job to `ready` happens implicitly at claim time
 * (the store claims due jobs in those states directly), which is why they may go to `active`.
 */
export declare const TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>>;
/** Thrown when code asks for a transition the table does not allow. */
export declare class IllegalTransitionError extends Error {
    readonly from: JobState;
    readonly to: JobState;
    readonly jobId?: string | undefined;
    readonly name = "IllegalTransitionError";
    constructor(from: JobState, to: JobState, jobId?: string | undefined);
}
/** True when the table allows `from -> to`. */
export declare function canTransition(from: JobState, to: JobState): boolean;
/** Throws `IllegalTransitionError` unless the table allows `from -> to`. */
export declare function assertTransition(from: JobState, to: JobState, jobId?: string): void;
//# sourceMappingURL=states.d.ts.map