import type { Job, LeasedJob } from '../job/job.js';
import type { PayloadOf, ResultOf, TaskMap, TaskName, UntypedTasks } from '../queue/tasks.js';
import type { JobStore, PriorityRange } from '../store/port.js';
import type { Logger } from './logger.js';
/** A claimed job as its handler sees it. */
export type ClaimedJob<Payload = unknown> = LeasedJob & {
    payload: Payload;
};
/** What a handler receives besides its payload. */
export interface JobContext<Payload = unknown> {
    /** The job as claimed (state `active`, `attempts` already counting this attempt). */
    readonly job: ClaimedJob<Payload>;
    /** 1 for the first attempt. */
    readonly attempt: number;
    /** Aborts on timeout, on cancel (the lease is gone) and when shutdown's grace period ends. */
    readonly signal: AbortSignal;
    /** Stores progress on the job (any JSON value); false when the lease is gone. */
    progress(value: unknown): Promise<boolean>;
    /** The worker's logger, bound to this job when the logger has `child`. */
    readonly log: Logger;
}
/** A job handler: resolves to the job's result, or throws (see PermanentError, WaitError, StopWorkerError). */
export type JobHandler<Payload = unknown, Result = unknown> = (payload: Payload, ctx: JobContext<Payload>) => Result | Promise<Result>;
/** One handler per job name; a name without a handler fails permanently when this worker claims it. */
export type WorkerHandlers<T extends TaskMap<T> = UntypedTasks> = {
    [N in TaskName<T>]?: JobHandler<PayloadOf<T, N>, ResultOf<T, N>>;
};
export interface WorkerOptions<T extends TaskMap<T> = UntypedTasks> {
    store: JobStore;
    handlers: NoInfer<WorkerHandlers<T>>;
    /** Only these queues; default all. */
    queues?: readonly string[];
    /** Handlers running at once. Default 10. */
    concurrency?: number;
    /** Inclusive priority range this worker takes (seed 002's `consume -p 20-40`). */
    priority?: PriorityRange;
    /** Lease length; renewed by heartbeat while the handler runs. Default 30,000. */
    leaseMs?: number;
    /** How often running leases are renewed, in one `renewLeases` call. Default leaseMs / 3. */
    heartbeatMs?: number;
    /** How often expired leases of dead workers are reclaimed. Default leaseMs / 2. */
    reclaimMs?: number;
    /**
     * Idle poll interval: doubles from `min` to `max` while nothing is claimable. With a store whose
     * wake-ups come from the database (`capabilities.notify === 'native'`) an empty claim goes straight
     * to `max`: every new ready job is announced, and the worker wakes for its own retries and waits
     * when they fall due. Default { min: 5, max: 1000 }.
     */
    pollMs?: number | {
        min?: number;
        max?: number;
    };
    /** Timeout for jobs that set none themselves. Default: none. */
    timeoutMs?: number;
    /** Default grace period of `stop()`. Default 10,000. */
    graceMs?: number;
    /** Identifies this worker in `lockedBy`. Default `host:pid:random`. */
    id?: string;
    /** pino-compatible logger. Default: warnings and errors to the console. */
    logger?: Logger;
    /** Runs before each handler; a throw fails the attempt like a handler error. */
    onBeforeProcess?: (job: LeasedJob) => void | Promise<void>;
    /** Runs after a handler succeeded, before the result is stored; a throw fails the attempt. */
    onAfterProcess?: (job: LeasedJob, result: unknown) => void | Promise<void>;
    /**
     * Runs when an attempt failed (handler error, timeout, unknown name). What it throws replaces the
     * error, so it can turn an error into a StopWorkerError (seed 002's DieException from onError).
     */
    onError?: (error: unknown, job: LeasedJob) => void | Promise<void>;
    /** Call `onNotify` (or log an error) when a job's failed attempt is its `notifyAfterAttempts`-th. */
    notifyAfterAttempts?: number;
    onNotify?: (job: Job, error: unknown) => void | Promise<void>;
}
/** Worker options with every default applied. */
export interface WorkerSettings {
    queues: readonly string[] | undefined;
    concurrency: number;
    priority: PriorityRange | undefined;
    leaseMs: number;
    heartbeatMs: number;
    reclaimMs: number;
    pollMinMs: number;
    pollMaxMs: number;
    timeoutMs: number | null;
    graceMs: number;
}
/** Checks the options (throwing `InvalidOptionError`) and applies the defaults. */
export declare function workerSettings(options: WorkerOptions<never>): WorkerSettings;
//# sourceMappingURL=options.d.ts.map