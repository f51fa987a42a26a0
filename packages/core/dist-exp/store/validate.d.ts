/**
 * Input checks every store runs on what reaches it. The Queue applies defaults and validates
 * options first; a store still refuses rows it could not order or lease, whoever calls it.
 */
import type { NewJob } from '../job/job.js';
/** Returns `date` when it is a valid Date; a TypeError naming `what` otherwise. */
export declare function validDate(date: Date, what: string): Date;
/** A RangeError naming `what` unless `value` is a non-negative integer (limits, lease lengths). */
export declare function validCount(value: number, what: string): void;
/**
 * A TypeError unless `job` is a complete NewJob. `maxPriority` bounds |priority| for backends whose
 * scores lose digits beyond it (Redis ZSET scores).
 */
export declare function validateNewJob(job: NewJob, options?: {
    maxPriority?: number;
}): void;
//# sourceMappingURL=validate.d.ts.map