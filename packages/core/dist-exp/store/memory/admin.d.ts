import { type Job, type JobCounts } from '../../job/job.js';
import type { ChangeResult, CountsParams, JobPage, ListParams, PruneParams, QueueCounts } from '../port.js';
import { type JobTable } from './table.js';
/** Newest first (id DESC); the cursor is the id of the last job of the previous page. */
export declare function listJobs(table: JobTable, params: ListParams): JobPage;
/** Jobs per state; a due scheduled/retry/waiting job is claimable now, so it counts as `ready`. */
export declare function countJobs(table: JobTable, params: CountsParams, now: Date): JobCounts;
/** `countJobs` of every queue that holds jobs, sorted by name, in one pass over the table. */
export declare function countJobsByQueue(table: JobTable, now: Date): QueueCounts[];
/** Any unfinished job -> cancelled; an active one loses its lease, so its worker can no longer settle. */
export declare function cancelJob(table: JobTable, id: string, now: Date): ChangeResult | null;
/**
 * A failed or cancelled job -> ready now with a fresh attempt budget (seed 003's "kick"). Refused
 * (`changed: false`) while another unfinished job holds its uniqueKey, since two unfinished jobs
 * may never share one.
 */
export declare function retryJob(table: JobTable, id: string, now: Date): ChangeResult | null;
export declare function removeJob(table: JobTable, id: string): boolean;
/** Deletes finished jobs whose finishedAt is before `olderThan`, `batchSize` rows per pass. */
export declare function pruneJobs(table: JobTable, params: PruneParams): number;
/** The distinct queue names that hold jobs, sorted. */
export declare function queueNames(table: JobTable): string[];
export declare function getJob(table: JobTable, id: string): Job | null;
//# sourceMappingURL=admin.d.ts.map