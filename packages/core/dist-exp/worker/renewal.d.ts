import type { LeasedJob } from '../job/job.js';
import type { JobStore, Outcome } from '../store/port.js';
import type { Attempt } from './attempt.js';
/**
 * One heartbeat: renews, in one `renewLeases` call, the lease of every running attempt, of every
 * claimed job waiting in the prefetch buffer, and of every outcome still waiting to be settled (so a store outage that delays the settle does not let the
 * lease expire under a finished job). Returns the running attempts whose lease the store no longer
 * holds for this worker (cancelled, or reclaimed after an expiry), and the buffered jobs likewise lost.
 */
export declare function leaseRenewal(store: JobStore, running: ReadonlySet<Attempt>, pending: readonly {
    job: LeasedJob;
    outcome: Outcome;
}[], leaseMs: number, buffered?: readonly LeasedJob[]): Promise<{
    attempts: Attempt[];
    buffered: LeasedJob[];
}>;
//# sourceMappingURL=renewal.d.ts.map