import type { Job, LeasedJob, NewJob } from '../job/job.js';
import type { ClaimParams, JobStore } from '../store/port.js';
/** What a conformance case is given: the store under test and ways to open more of the same. */
export interface CaseContext {
    readonly store: JobStore;
    /** A second store on the same database (own connection), or undefined when the target has none. */
    peer(): Promise<JobStore | undefined>;
    /** The target's transaction runner, when it offers one. */
    readonly transaction: ((fn: (tx: unknown) => Promise<void>, opts: {
        rollback: boolean;
    }) => Promise<void>) | undefined;
    /** Marks the running case skipped (a capability the store does not have); ends the case. */
    skip(note: string): void;
}
/** A registered case body. */
export type CaseBody = (ctx: CaseContext) => Promise<void>;
/** Registers one case; `name` reads as a specification. */
export type DefineCase = (name: string, body: CaseBody) => void;
/**
 * Every case runs on an injected clock anchored here, far from the real one, so a store that reads
 * its own clock instead of the `now` it was given fails loudly.
 */
export declare const T0: Date;
/** `T0 + ms`. */
export declare function at(ms: number): Date;
/** The clock at which most cases claim: one second after the jobs were inserted at T0. */
export declare const CLAIM_AT: Date;
export declare const LEASE_MS = 30000;
/** Inserts one job (due at T0 unless overridden) at T0 and returns it. */
export declare function add(store: JobStore, overrides?: Partial<NewJob>): Promise<Job>;
/** Inserts a batch at T0 (each job due at T0 unless overridden) and returns the jobs in order. */
export declare function addAll(store: JobStore, overrides: Partial<NewJob>[]): Promise<Job[]>;
/** Claims with the suite's defaults: worker `w1`, limit 100, 30 s lease, at CLAIM_AT. */
export declare function claim(store: JobStore, params?: Partial<ClaimParams>): Promise<LeasedJob[]>;
/** Inserts one job and claims it; fails the case when the claim hands out anything else. */
export declare function addAndClaim(store: JobStore, overrides?: Partial<NewJob>, params?: Partial<ClaimParams>): Promise<LeasedJob>;
/** The job, which must exist. */
export declare function mustGet(store: JobStore, id: string): Promise<Job>;
/** Ids of claimed jobs, in the order the store handed them out. */
export declare function ids(jobs: readonly {
    id: string;
}[]): string[];
/** Waits for `condition` to hold, polling every 10 ms, failing after `timeoutMs`. */
export declare function eventually(condition: () => boolean, what: string, timeoutMs?: number): Promise<void>;
/** A small deterministic random sequence (LCG), so concurrency cases are reproducible. */
export declare function seededRandom(seed: number): () => number;
//# sourceMappingURL=context.d.ts.map