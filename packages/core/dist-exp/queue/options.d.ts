import { type Backoff, type NewJob } from '../job/job.js';
/** Options of one `queue.add`. Everything left out gets the default from `JOB_DEFAULTS`. */
export interface AddOptions {
    /** Named queue (seed 003's pipeline). Default `'default'`. */
    queue?: string;
    /** Integer, higher runs first. Default 500 (seed 001). */
    priority?: number;
    /** Not claimed before this time. Mutually exclusive with `delayMs`. */
    runAt?: Date;
    /** Not claimed before this many milliseconds from now. Mutually exclusive with `runAt`. */
    delayMs?: number;
    /** Serial group: at most one active job per key, FIFO inside the key (seed 002's serialGroup). */
    groupKey?: string | null;
    /** While an unfinished job holds this key, `add` returns that job with `duplicate: true`. */
    uniqueKey?: string | null;
    /** Attempts before the job fails for good. Default 25. */
    maxAttempts?: number;
    /** Delay between attempts. Default exponential from 1 s, doubling, capped at 16 min, with jitter. */
    backoff?: Backoff;
    /** Aborts the handler's signal after this long and counts the attempt as failed. Default: none. */
    timeoutMs?: number | null;
    /** The caller's open transaction, handed to `store.insert` (see the store's docs for its type). */
    tx?: unknown;
}
/**
 * Checks `options` and builds the complete `NewJob` the store receives, every default applied.
 * Throws `InvalidOptionError` on the first problem found.
 */
export declare function toNewJob(name: string, payload: unknown, options: AddOptions | undefined, now: number): NewJob;
//# sourceMappingURL=options.d.ts.map