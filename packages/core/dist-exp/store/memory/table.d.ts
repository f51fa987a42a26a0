import type { Job, JobState } from '../../job/job.js';
import { ReadyIndex } from './ready.js';
/**
 * The rows of one memory store. Rows are private and mutable; everything that leaves the store is a
 * copy made by `copyJob`, so a caller can never change a job behind the store's back.
 */
export interface JobTable {
    rows: Map<string, Row>;
    /** Ids of unfinished rows, so counting work skips the (usually much larger) finished history. */
    unfinished: Set<string>;
    /** Claimable rows in claim order (`ready.ts`); claims read only this. */
    ready: ReadyIndex<Row>;
    /** Ids of active rows, for reclaim. */
    active: Set<string>;
    /** Per group key: its unfinished ids, lowest first (the head is the only claimable one), and how many are active. */
    groups: Map<string, GroupState>;
    /** The unfinished row holding each uniqueKey (at most one by the store's rule). */
    uniqueKeys: Map<string, Row>;
    nextId: number;
}
export interface GroupState {
    unfinished: string[];
    active: number;
}
/** A stored job plus its lease token, which never leaves the store except inside a `Lease`. */
export interface Row extends Job {
    token: string | null;
    /** The stamp of the row's live entry in `table.ready`; 0 while it has none. */
    seq: number;
}
export declare function createTable(): JobTable;
export declare function isUnfinished(state: JobState): boolean;
/** A scheduled/ready/waiting/retry job whose runAt has passed. */
export declare function isDue(row: Job, now: Date): boolean;
export declare function isClaimable(state: JobState): boolean;
/**
 * Moves a row to `to` through the transition table and keeps the indexes in step. A row moved to a
 * claimable state is not in the claim index yet: the caller sets its runAt, then calls `makeClaimable`.
 */
export declare function moveTo(table: JobTable, row: Row, to: JobState): void;
/** Indexes a row that just became claimable (inserted, retried, released, reclaimed), with its final runAt. */
export declare function makeClaimable(table: JobTable, row: Row): void;
/** Adds an unfinished row (new, or back from failed/cancelled) to the unfinished indexes. */
export declare function track(table: JobTable, row: Row): void;
/** Takes a row that was unfinished in state `from` out of the unfinished indexes (finished or removed). */
export declare function forget(table: JobTable, row: Row, from: JobState): void;
/** The group rule: a grouped row may be claimed only as its group's oldest unfinished job, with nothing of it active. */
export declare function groupAllows(table: JobTable, row: Row): boolean;
/** Drops the lease of a row that is leaving `active`. */
export declare function clearLease(row: Row): void;
/** Ids are increasing integers kept as strings; compare them as numbers. */
export declare function compareIds(a: string, b: string): number;
/**
 * JSON values go through a JSON round trip, exactly as a SQL store's json column would treat them
 * (Dates become strings, undefined fields vanish), so memory never behaves better than production.
 */
export declare function toJson(value: unknown): unknown;
/** A detached copy of a row as a public `Job` (no token). */
export declare function copyJob(row: Row): Job;
/** The row holding this lease: active, same id, same token. Undefined when the lease is gone. */
export declare function leasedRow(table: JobTable, lease: {
    id: string;
    token: string;
}): Row | undefined;
//# sourceMappingURL=table.d.ts.map