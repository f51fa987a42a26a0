import type { TaskMap, UntypedTasks } from '../queue/tasks.js';
import { type WorkerEventName, type WorkerListener } from './events.js';
import { type WorkerOptions } from './options.js';
/**
 * Prefetch: a claim may lease up to this many jobs, more than the free slots, when handlers finish
 * faster than a claim round trip; the extra wait in a local buffer. The raw reference loops of
 * DESIGN.md claim 100 per commit; at concurrency 10 without prefetch the worker committed every
 * 10 jobs and drained at ~0.1x of them on SQLite and PostgreSQL. 300 per claim drained 20-25%
 * faster than 100 on both (fewer statements and commits per job), 500 no faster, 1,000 slower
 * (docs/benchmarks.md). Not exported from the package: tests read it.
 */
export declare const MAX_CLAIM = 300;
/**
 * Claims jobs from the store and runs their handlers, `concurrency` at a time.
 *
 * The hot path is one `store.claim({ limit: free slots })` per loop turn and one `store.settle` for
 * every outcome that finished since the last turn, sent alongside the next claim — or both in one
 * `store.settleAndClaim` commit when the store offers it: on the measured machines batching is the
 * difference between ~3,800 and ~70,000 jobs/s on PostgreSQL.
 * One heartbeat timer renews every running lease in one `renewLeases` call; one timer reclaims
 * expired leases of dead workers. Idle, the worker polls with back-off (5 ms doubling to 1 s) and
 * wakes at once on a store notification.
 *
 * @typeParam T - the task map (see `TaskDefinition`); untyped when left out.
 */
export declare class Worker<T extends TaskMap<T> = UntypedTasks> {
    #private;
    /** This worker's id, recorded in `lockedBy` of the jobs it holds. */
    readonly id: string;
    constructor(options: WorkerOptions<T>);
    /** Subscribes to an event; returns the function that unsubscribes. */
    on<E extends WorkerEventName>(event: E, listener: WorkerListener<E>): () => void;
    /** Unsubscribes a listener. */
    off<E extends WorkerEventName>(event: E, listener: WorkerListener<E>): void;
    /** Jobs whose handlers are running now. */
    get activeCount(): number;
    /** True between `start()` (or `drain()`) and the end of `stop()`. */
    get isRunning(): boolean;
    /** Starts claiming and running jobs until `stop()`. Calling it again does nothing. */
    start(): this;
    /**
     * Claims and runs everything claimable now, then resolves once nothing claimable is left and
     * nothing runs (seed 002's `process`, for cron). On a started worker it resolves at the next
     * such moment and the worker keeps running.
     */
    drain(): Promise<void>;
    /**
     * Stops claiming, waits up to `graceMs` (default the `graceMs` option, 10 s) for running handlers,
     * then aborts the rest and releases them to `ready` so another worker takes them at once.
     * Resolves when every outcome is settled. Calling it again returns the same promise.
     */
    stop(options?: {
        graceMs?: number;
    }): Promise<void>;
}
//# sourceMappingURL=worker.d.ts.map