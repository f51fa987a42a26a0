import type { FinishedState, Job, JobCounts, JobState } from '../job/job.js';
import type { ChangeResult, JobPage, JobStore, QueueCounts } from '../store/port.js';
import { type AddOptions } from './options.js';
import type { StandardSchemaV1 } from './schema.js';
import type { PayloadOf, ResultOf, TaskMap, TaskName, UntypedTasks } from './tasks.js';
/** A job as `add` returns it: `duplicate` when an unfinished job already held its uniqueKey. */
export type AddedJob<Payload = unknown, Result = unknown> = Job<Payload, Result> & {
    duplicate: boolean;
};
/** One entry of `queue.addMany`. */
export type AddManyItem<T extends TaskMap<T> = UntypedTasks> = {
    [N in TaskName<T>]: {
        name: N;
        payload: PayloadOf<T, N>;
        options?: AddOptions;
    };
}[TaskName<T>];
/** Payload validators per job name, any Standard Schema implementation (zod, valibot, arktype). */
export type QueueSchemas<T extends TaskMap<T>> = {
    [N in TaskName<T>]?: StandardSchemaV1<unknown, PayloadOf<T, N>>;
};
export interface QueueOptions<T extends TaskMap<T> = UntypedTasks> {
    store: JobStore;
    /** Validates payloads in `add`/`addMany`; a rejected payload is a `ValidationError` and nothing is inserted. */
    schemas?: NoInfer<QueueSchemas<T>>;
}
export interface ListOptions {
    state?: JobState;
    queue?: string;
    name?: string;
    limit?: number;
    cursor?: string;
}
export interface PruneOptions {
    /** Jobs finished before this Date, or more than this many milliseconds ago. */
    olderThan: Date | number;
    /** Default: every finished state. */
    states?: readonly FinishedState[];
}
/**
 * The producer and admin side: enqueues jobs and inspects, cancels, retries or prunes them.
 *
 * `add` and `addMany` call `store.insert` synchronously inside the call (before their first await,
 * unless a schema validates asynchronously), so a store whose `tx` is a synchronous transaction
 * (better-sqlite3's `db.transaction(() => ...)`) writes the job inside it.
 *
 * @typeParam T - the task map (see `TaskDefinition`); untyped when left out.
 */
export declare class Queue<T extends TaskMap<T> = UntypedTasks> {
    #private;
    /** The store every call goes to. */
    readonly store: JobStore;
    constructor(options: QueueOptions<T>);
    /**
     * Enqueues one job. Resolves to the stored job; when an unfinished job already held `uniqueKey`,
     * to that job with `duplicate: true`. Rejects with `InvalidOptionError` or `ValidationError`.
     */
    add<N extends TaskName<T>>(name: N, payload: PayloadOf<T, N>, options?: AddOptions): Promise<AddedJob<PayloadOf<T, N>, ResultOf<T, N>>>;
    /**
     * Enqueues a batch with one `store.insert` call (one round trip; seed 002's bulk insert). Results
     * come back in input order. One transaction for the whole batch: `batch.tx`, or the `tx` every
     * item names (they must agree). `batch.reusePayloads`: each new job comes back with the payload
     * value you passed instead of a copy as stored (saves a JSON parse per job when you keep only ids).
     */
    addMany(items: readonly AddManyItem<T>[], batch?: {
        tx?: unknown;
        reusePayloads?: boolean;
    }): Promise<AddedJob[]>;
    /** The job with this id, or null. */
    get(id: string): Promise<Job | null>;
    /** Cancels an unfinished job (an active one loses its lease and its handler's signal aborts). Null for an unknown id. */
    cancel(id: string): Promise<ChangeResult | null>;
    /** Sends a `failed` or `cancelled` job back to `ready` with a fresh attempt budget (seed 003's kick). Null for an unknown id. */
    retry(id: string): Promise<ChangeResult | null>;
    /** Deletes one job whatever its state; false for an unknown id. */
    remove(id: string): Promise<boolean>;
    /** Jobs per state, optionally of one queue. A due scheduled/retry/waiting job counts as `ready`. */
    counts(options?: {
        queue?: string;
    }): Promise<JobCounts>;
    /**
     * `counts` of every queue that holds jobs, sorted by name: one pass when the store has
     * `countsByQueue`, else `queues()` and one `counts` per queue.
     */
    countsByQueue(): Promise<QueueCounts[]>;
    /** A page of jobs, newest first; pass `nextCursor` back as `cursor` for the next page. */
    list(options?: ListOptions): Promise<JobPage>;
    /** The distinct queue names that hold jobs. */
    queues(): Promise<string[]>;
    /** Deletes finished jobs older than `olderThan` (seed 002's clear-finished [days]); resolves to how many. */
    prune(options: PruneOptions): Promise<number>;
}
//# sourceMappingURL=queue.d.ts.map