import type { NewJob } from '../job/job.js';
/**
 * A complete `NewJob` for store tests: queue `default`, priority 500, due now, 3 attempts, fixed
 * 1 s backoff, no group and no unique key; `overrides` replace any field.
 *
 * @example
 * await store.insert({ jobs: [newJob({ queue: 'emails', priority: 800 })] })
 */
export declare function newJob(overrides?: Partial<NewJob>): NewJob;
//# sourceMappingURL=new-job.d.ts.map