import type { Outcome, ProgressParams, SettleResult } from '../port.js';
import { type JobTable, type Row } from './table.js';
/**
 * Applies outcomes in input order, each fenced by id + token + state `active`: a stale lease (the
 * job was reclaimed, cancelled or already settled) is `ok: false` and changes nothing.
 */
export declare function settleJobs(table: JobTable, outcomes: readonly Outcome[], now: Date): {
    results: SettleResult[];
    released: Row[];
};
/** Stores a handler's progress while its lease is held. */
export declare function storeProgress(table: JobTable, params: ProgressParams): boolean;
//# sourceMappingURL=settle.d.ts.map