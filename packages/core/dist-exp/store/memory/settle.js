import { clearLease, isClaimable, leasedRow, makeClaimable, moveTo, toJson } from './table.js';
/**
 * Applies outcomes in input order, each fenced by id + token + state `active`: a stale lease (the
 * job was reclaimed, cancelled or already settled) is `ok: false` and changes nothing.
 */
export function settleJobs(table, outcomes, now) {
    const released = [];
    const results = outcomes.map((outcome) => {
        const row = leasedRow(table, outcome.lease);
        if (row === undefined)
            return { id: outcome.lease.id, ok: false };
        applyOutcome(table, row, outcome, now);
        if (outcome.type === 'release')
            released.push(row);
        return { id: row.id, ok: true };
    });
    return { results, released };
}
function applyOutcome(table, row, outcome, now) {
    switch (outcome.type) {
        case 'complete':
            moveTo(table, row, 'completed');
            row.result = toJson(outcome.result);
            row.finishedAt = new Date(now.getTime());
            break;
        case 'retry':
            moveTo(table, row, 'retry');
            row.runAt = new Date(outcome.runAt.getTime());
            row.lastError = outcome.error;
            break;
        case 'wait':
            moveTo(table, row, 'waiting');
            row.runAt = new Date(outcome.runAt.getTime());
            // Waiting is not a failed attempt (seed 002's WaitingException): give the attempt back.
            row.attempts = Math.max(0, row.attempts - 1);
            if (outcome.error !== undefined)
                row.lastError = outcome.error;
            break;
        case 'fail':
            moveTo(table, row, 'failed');
            row.lastError = outcome.error;
            row.finishedAt = new Date(now.getTime());
            break;
        case 'release':
            // Shutdown handed the job back unfinished; runAt stays, so it keeps its place in the order.
            moveTo(table, row, 'ready');
            row.attempts = Math.max(0, row.attempts - 1);
            if (outcome.error !== undefined)
                row.lastError = outcome.error;
            break;
    }
    if (outcome.type !== 'release' && outcome.stats !== undefined)
        row.stats = structuredClone(outcome.stats);
    clearLease(row);
    if (isClaimable(row.state))
        makeClaimable(table, row);
}
/** Stores a handler's progress while its lease is held. */
export function storeProgress(table, params) {
    const row = leasedRow(table, params.lease);
    if (row === undefined)
        return false;
    row.progress = toJson(params.progress);
    return true;
}
//# sourceMappingURL=settle.js.map