import type { Job, NewJob } from '../job/job.js';
/**
 * The job a fresh insert creates, built from its input: what a store returns for a new row without
 * reading it back. `scheduled` when runAt is still ahead of `now`, else `ready`. A store that has
 * already serialised payload and backoff passes those texts as `stored`, and they are parsed
 * instead of serialised a second time. `reusePayload` (`InsertParams.reusePayloads`): the job keeps
 * the input's own payload value, no copy.
 */
export declare function insertedJob(id: string, input: NewJob, now: Date, stored?: {
    payload: string;
    backoff: string;
}, reusePayload?: boolean): Job;
//# sourceMappingURL=inserted-job.d.ts.map