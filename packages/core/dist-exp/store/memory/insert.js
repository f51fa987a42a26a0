import { insertedJob } from '../inserted-job.js';
import { copyJob, makeClaimable, track } from './table.js';
/**
 * Inserts a batch in input order. A uniqueKey held by an unfinished job (one stored earlier or one
 * earlier in this same batch) returns that job with `duplicate: true` instead of a new row.
 * `reusePayloads`: a new job comes back with the input's own payload (the row keeps its copy).
 */
export function insertJobs(table, jobs, now, reusePayloads = false) {
    const held = heldUniqueKeys(table, jobs);
    return jobs.map((input) => {
        const existing = input.uniqueKey === null ? undefined : held.get(input.uniqueKey);
        if (existing !== undefined)
            return { job: copyJob(existing), duplicate: true };
        const row = newRow(table, input, now);
        table.rows.set(row.id, row);
        track(table, row);
        makeClaimable(table, row);
        if (row.uniqueKey !== null)
            held.set(row.uniqueKey, row);
        return { job: reusePayloads ? { ...copyJob(row), payload: input.payload } : copyJob(row), duplicate: false };
    });
}
/** The unfinished rows that hold one of the batch's unique keys. */
function heldUniqueKeys(table, jobs) {
    const held = new Map();
    for (const job of jobs) {
        const row = job.uniqueKey === null ? undefined : table.uniqueKeys.get(job.uniqueKey);
        if (row !== undefined)
            held.set(row.uniqueKey, row);
    }
    return held;
}
function newRow(table, input, now) {
    return { ...insertedJob(String(table.nextId++), input, now), token: null, seq: 0 };
}
//# sourceMappingURL=insert.js.map