import type { NewJob } from '../../job/job.js';
import type { InsertResult } from '../port.js';
import { type JobTable } from './table.js';
/**
 * Inserts a batch in input order. A uniqueKey held by an unfinished job (one stored earlier or one
 * earlier in this same batch) returns that job with `duplicate: true` instead of a new row.
 * `reusePayloads`: a new job comes back with the input's own payload (the row keeps its copy).
 */
export declare function insertJobs(table: JobTable, jobs: readonly NewJob[], now: Date, reusePayloads?: boolean): InsertResult[];
//# sourceMappingURL=insert.d.ts.map