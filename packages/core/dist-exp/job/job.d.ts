/** Every state a job can be in. See `states.ts` for the transitions between them. */
export type JobState = 'scheduled' | 'ready' | 'active' | 'waiting' | 'retry' | 'completed' | 'failed' | 'cancelled';
/** The states a job never leaves on its own. */
export declare const FINISHED_STATES: readonly ["completed", "failed", "cancelled"];
/** A job in one of these states still counts for uniqueKey and serial groups. */
export declare const UNFINISHED_STATES: readonly ["scheduled", "ready", "active", "waiting", "retry"];
/** A job in one of these states is claimed once its runAt has passed. */
export declare const CLAIMABLE_STATES: readonly ["scheduled", "ready", "waiting", "retry"];
export type FinishedState = (typeof FINISHED_STATES)[number];
/** How the delay before the next attempt grows. */
export type Backoff = {
    type: 'exponential';
    baseMs: number;
    maxMs: number;
    jitter?: boolean;
} | {
    type: 'fixed';
    delayMs: number;
};
/** Memory of the worker process, sampled before and after a handler ran (seed 002's `memory`). */
export interface MemorySample {
    rss: number;
    heapUsed: number;
}
/** What a worker records on a job when it settles an attempt. */
export interface RunStats {
    pid: number;
    host: string;
    durationMs: number;
    memoryBefore: MemorySample;
    memoryAfter: MemorySample;
}
/** A job as stored. Dates are JavaScript Dates; payload and result are JSON values. */
export interface Job<Payload = unknown, Result = unknown> {
    id: string;
    queue: string;
    name: string;
    payload: Payload;
    state: JobState;
    /** Higher runs first; default 500. */
    priority: number;
    /** Attempts started so far, the running one included. */
    attempts: number;
    maxAttempts: number;
    backoff: Backoff;
    timeoutMs: number | null;
    /** Not claimed before this time. */
    runAt: Date;
    groupKey: string | null;
    uniqueKey: string | null;
    result: Result | null;
    lastError: string | null;
    progress: unknown;
    /** Worker id holding the lease while active. */
    lockedBy: string | null;
    lockedUntil: Date | null;
    createdAt: Date;
    startedAt: Date | null;
    finishedAt: Date | null;
    /** Recorded by the worker at the end of the last attempt. */
    stats: RunStats | null;
}
/** A job as it is handed to `JobStore.insert`: every default already applied by the Queue. */
export interface NewJob {
    name: string;
    queue: string;
    payload: unknown;
    priority: number;
    runAt: Date;
    maxAttempts: number;
    backoff: Backoff;
    timeoutMs: number | null;
    groupKey: string | null;
    uniqueKey: string | null;
}
/** The lease a worker holds on an active job; `token` fences every write after the claim. */
export interface Lease {
    id: string;
    token: string;
}
/** A claimed job together with its lease. */
export interface LeasedJob extends Job {
    lease: Lease;
}
/** Jobs per state, as returned by `counts()`. */
export type JobCounts = Record<JobState, number>;
/** An empty counts record. */
export declare function emptyCounts(): JobCounts;
/** Defaults applied by `Queue.add` when an option is left out. */
export declare const JOB_DEFAULTS: {
    readonly queue: "default";
    readonly priority: 500;
    readonly maxAttempts: 25;
    readonly backoff: Backoff;
};
//# sourceMappingURL=job.d.ts.map