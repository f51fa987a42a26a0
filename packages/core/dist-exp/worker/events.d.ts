import type { Job, LeasedJob } from '../job/job.js';
/** The events a Worker emits and their arguments. `job` is the job as it was claimed. */
export interface WorkerEvents {
    /** A job was claimed and its handler is starting. */
    active: [job: LeasedJob];
    /** The store recorded the handler's result. */
    completed: [job: LeasedJob, result: unknown];
    /** The job failed for good (permanent error, unknown name, or attempts exhausted). */
    failed: [job: LeasedJob, error: unknown];
    /** A temporary failure; the job runs again at `runAt`. */
    retry: [job: LeasedJob, error: unknown, runAt: Date];
    /** The handler threw a WaitError; the job runs again at `runAt`, attempt not counted. */
    waiting: [job: LeasedJob, runAt: Date];
    /** Shutdown gave the job back to `ready`. */
    released: [job: LeasedJob];
    /** The job's lease was lost (cancelled, or reclaimed after an expiry); its handler's signal was aborted. */
    lost: [job: LeasedJob];
    /** Something outside a handler went wrong: a store call, a hook, an event listener. */
    error: [error: unknown, job?: Job];
    /** Nothing claimable is left and nothing is running. */
    drained: [];
    /** The worker has stopped; every job it held is settled or released. */
    stopped: [];
}
export type WorkerEventName = keyof WorkerEvents;
export type WorkerListener<E extends WorkerEventName> = (...args: WorkerEvents[E]) => void;
/** A minimal typed emitter; a listener that throws is reported to `onListenerError`, never to the worker loop. */
export declare class WorkerEmitter {
    #private;
    private readonly onListenerError;
    constructor(onListenerError: (error: unknown, event: WorkerEventName) => void);
    on<E extends WorkerEventName>(event: E, listener: WorkerListener<E>): () => void;
    off<E extends WorkerEventName>(event: E, listener: WorkerListener<E>): void;
    /** True when someone listens, so callers can skip building arguments nobody reads. */
    has(event: WorkerEventName): boolean;
    emit<E extends WorkerEventName>(event: E, ...args: WorkerEvents[E]): void;
}
//# sourceMappingURL=events.d.ts.map