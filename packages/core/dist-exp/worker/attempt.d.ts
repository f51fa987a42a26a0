import type { LeasedJob, MemorySample } from '../job/job.js';
import type { JobStore } from '../store/port.js';
import type { Logger } from './logger.js';
import type { JobContext, JobHandler, WorkerOptions } from './options.js';
/** How an attempt ended, as far as the worker is concerned. The first end wins; later ones are ignored. */
export type AttemptEnd = 
/** The handler (and onAfterProcess) resolved. */
{
    type: 'complete';
    result: unknown;
}
/** The handler or a hook threw, or the timeout passed. */
 | {
    type: 'error';
    error: unknown;
}
/** The lease is gone (cancelled or reclaimed): nothing to settle. */
 | {
    type: 'lost';
}
/** Shutdown's grace period ended: give the job back. */
 | {
    type: 'release';
    reason: unknown;
};
export type Hooks = Pick<WorkerOptions, 'onBeforeProcess' | 'onAfterProcess'>;
/**
 * One running attempt of one claimed job: its abort controller, its optional timeout timer (the only
 * per-job timer, and only when a timeout applies) and the moment it began.
 */
export declare class Attempt {
    #private;
    readonly job: LeasedJob;
    private readonly onEnd;
    readonly startedAt: number;
    readonly memoryBefore: MemorySample;
    /** True once the attempt has ended; the handler may still be running, but its answer no longer counts. */
    done: boolean;
    constructor(job: LeasedJob, timeoutMs: number | null, onEnd: (attempt: Attempt, end: AttemptEnd) => void);
    /** Ends the attempt once; aborts the handler's signal with `abortReason` when given. */
    end(end: AttemptEnd, abortReason?: unknown): boolean;
    /** The handler's signal, already aborted when the attempt was aborted before anyone asked for it. */
    get signal(): AbortSignal;
    /** Runs hooks and handler; whatever happens ends the attempt (unless something else ended it first). */
    execute(handler: JobHandler, hooks: Hooks, ctx: JobContext): Promise<void>;
}
/**
 * The handler's ctx. A class rather than an object literal with getters: V8 builds literals with
 * accessors on a slow path (profiled at ~8 µs a job), while prototype getters cost nothing per job.
 * The job's child logger is built only when the handler reads `ctx.log`.
 */
export declare class AttemptContext implements JobContext {
    #private;
    readonly run: Attempt;
    private readonly store;
    private readonly logger;
    readonly job: LeasedJob;
    readonly attempt: number;
    constructor(run: Attempt, store: JobStore, logger: Logger);
    get signal(): AbortSignal;
    get log(): Logger;
    progress(value: unknown): Promise<boolean>;
}
//# sourceMappingURL=attempt.d.ts.map