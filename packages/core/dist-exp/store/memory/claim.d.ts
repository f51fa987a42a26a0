import type { Lease, LeasedJob } from '../../job/job.js';
import type { ClaimParams, RenewParams } from '../port.js';
import { type JobTable, type Row } from './table.js';
/** The error recorded on a job whose worker stopped renewing its lease. */
export declare const LEASE_EXPIRED = "lease expired";
/**
 * Leases up to `limit` due jobs: priority DESC, runAt ASC, id ASC. A grouped job is eligible only
 * when it is the oldest unfinished job of its group and nothing of its group is active, so a batch
 * never holds two jobs of one group. Reads the claim index (`ready.ts`), never the whole table;
 * several queues are merged from each queue's best `limit`, and the rows not taken go back.
 */
export declare function claimJobs(table: JobTable, params: ClaimParams, now: Date): LeasedJob[];
/**
 * Extends the leases still held (active with the same token). A lease past its lockedUntil that has
 * not been reclaimed yet is still held: only `reclaimExpired` or `cancel` take a lease away.
 */
export declare function renewLeases(table: JobTable, params: RenewParams, now: Date): Lease[];
/**
 * Active jobs whose lockedUntil is at or before `now` go back to `ready` (their attempt counted), or
 * to `failed` when attempts >= maxAttempts; the longest expired first, at most `limit`.
 * Returns the rows moved.
 */
export declare function reclaimExpired(table: JobTable, limit: number, now: Date): Row[];
//# sourceMappingURL=claim.d.ts.map