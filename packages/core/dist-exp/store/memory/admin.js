import { emptyCounts, FINISHED_STATES } from '../../job/job.js';
import { clearLease, compareIds, copyJob, forget, isDue, isUnfinished, makeClaimable, moveTo } from './table.js';
const DEFAULT_PAGE = 50;
const DEFAULT_PRUNE_BATCH = 1000;
/** Newest first (id DESC); the cursor is the id of the last job of the previous page. */
export function listJobs(table, params) {
    const limit = params.limit ?? DEFAULT_PAGE;
    if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`list limit must be a positive integer, got ${limit}`);
    const cursor = params.cursor;
    if (cursor !== undefined && !/^[1-9][0-9]*$/.test(cursor))
        throw new RangeError(`invalid list cursor: ${cursor}`);
    const matches = [];
    for (const row of table.rows.values()) {
        if (params.state !== undefined && row.state !== params.state)
            continue;
        if (params.queue !== undefined && row.queue !== params.queue)
            continue;
        if (params.name !== undefined && row.name !== params.name)
            continue;
        if (cursor !== undefined && compareIds(row.id, cursor) >= 0)
            continue;
        matches.push(row);
    }
    matches.sort((a, b) => compareIds(b.id, a.id));
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    return { jobs: page.map(copyJob), nextCursor: matches.length > limit && last !== undefined ? last.id : null };
}
/** Jobs per state; a due scheduled/retry/waiting job is claimable now, so it counts as `ready`. */
export function countJobs(table, params, now) {
    const counts = emptyCounts();
    for (const row of table.rows.values()) {
        if (params.queue !== undefined && row.queue !== params.queue)
            continue;
        counts[isDue(row, now) ? 'ready' : row.state] += 1;
    }
    return counts;
}
/** `countJobs` of every queue that holds jobs, sorted by name, in one pass over the table. */
export function countJobsByQueue(table, now) {
    const byQueue = new Map();
    for (const row of table.rows.values()) {
        let counts = byQueue.get(row.queue);
        if (counts === undefined)
            byQueue.set(row.queue, (counts = emptyCounts()));
        counts[isDue(row, now) ? 'ready' : row.state] += 1;
    }
    return [...byQueue.keys()].sort().map((queue) => ({ queue, counts: byQueue.get(queue) }));
}
/** Any unfinished job -> cancelled; an active one loses its lease, so its worker can no longer settle. */
export function cancelJob(table, id, now) {
    const row = table.rows.get(id);
    if (row === undefined)
        return null;
    if (!isUnfinished(row.state))
        return { job: copyJob(row), changed: false };
    moveTo(table, row, 'cancelled');
    clearLease(row);
    row.finishedAt = new Date(now.getTime());
    return { job: copyJob(row), changed: true };
}
/**
 * A failed or cancelled job -> ready now with a fresh attempt budget (seed 003's "kick"). Refused
 * (`changed: false`) while another unfinished job holds its uniqueKey, since two unfinished jobs
 * may never share one.
 */
export function retryJob(table, id, now) {
    const row = table.rows.get(id);
    if (row === undefined)
        return null;
    if ((row.state !== 'failed' && row.state !== 'cancelled') || uniqueKeyTaken(table, row)) {
        return { job: copyJob(row), changed: false };
    }
    moveTo(table, row, 'ready');
    row.attempts = 0;
    row.runAt = new Date(now.getTime());
    row.finishedAt = null;
    makeClaimable(table, row);
    return { job: copyJob(row), changed: true };
}
function uniqueKeyTaken(table, row) {
    if (row.uniqueKey === null)
        return false;
    const holder = table.uniqueKeys.get(row.uniqueKey);
    return holder !== undefined && holder !== row;
}
export function removeJob(table, id) {
    const row = table.rows.get(id);
    if (row === undefined)
        return false;
    if (isUnfinished(row.state))
        forget(table, row, row.state);
    return table.rows.delete(id);
}
/** Deletes finished jobs whose finishedAt is before `olderThan`, `batchSize` rows per pass. */
export function pruneJobs(table, params) {
    const states = new Set(params.states ?? FINISHED_STATES);
    for (const state of states) {
        if (!FINISHED_STATES.includes(state))
            throw new RangeError(`prune only deletes finished states, got ${state}`);
    }
    const batchSize = params.batchSize ?? DEFAULT_PRUNE_BATCH;
    if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new RangeError(`prune batchSize must be a positive integer, got ${batchSize}`);
    const cutoff = params.olderThan.getTime();
    let deleted = 0;
    for (;;) {
        const batch = [];
        for (const row of table.rows.values()) {
            if (batch.length >= batchSize)
                break;
            if (states.has(row.state) && row.finishedAt !== null && row.finishedAt.getTime() < cutoff)
                batch.push(row.id);
        }
        for (const id of batch)
            table.rows.delete(id);
        deleted += batch.length;
        if (batch.length < batchSize)
            return deleted;
    }
}
/** The distinct queue names that hold jobs, sorted. */
export function queueNames(table) {
    return [...new Set([...table.rows.values()].map((row) => row.queue))].sort();
}
export function getJob(table, id) {
    const row = table.rows.get(id);
    return row === undefined ? null : copyJob(row);
}
//# sourceMappingURL=admin.js.map