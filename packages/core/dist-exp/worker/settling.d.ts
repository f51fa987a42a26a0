import type { LeasedJob } from '../job/job.js';
import type { JobStore, Outcome, SettleResult } from '../store/port.js';
import type { WorkerEmitter } from './events.js';
import type { Logger } from './logger.js';
/** An outcome waiting for the next `store.settle`, with what its event will report. */
export interface Settling {
    job: LeasedJob;
    outcome: Outcome;
    /** The result (complete) or the error (retry, fail) the event carries. */
    detail: unknown;
}
/**
 * Whether settling `batch` can make a job claimable at `now`: the next job of a serial group (any
 * outcome of a grouped job), a released job, or a retry or wait that is due already. Only then is
 * a claim right after the settle worth its round trip; without this check an idle Worker sent an
 * empty claim after every job it ran (2.05-2.1 claims per job at idle, docs/benchmarks.md).
 */
export declare function freesWork(batch: readonly Settling[], now: number): boolean;
/**
 * Settles a batch in one `store.settle` call, then emits one event per outcome the store accepted.
 * An outcome the store refused (`ok: false`: the lease was gone) is logged and dropped. Throws what
 * the store threw, leaving the caller to keep the batch and try again.
 */
export declare function settleBatch(store: JobStore, batch: readonly Settling[], emitter: WorkerEmitter, logger: Logger): Promise<void>;
/** Emits one event per outcome of `batch` the store accepted (`results` in input order); logs the refused ones. */
export declare function emitSettled(batch: readonly Settling[], results: readonly SettleResult[], emitter: WorkerEmitter, logger: Logger): void;
//# sourceMappingURL=settling.d.ts.map