import type { JobStore } from '../store/port.js';
/** A fresh store for one conformance case, and what else the case may use of its database. */
export interface ConformanceTarget {
    /** A migrated, empty store. */
    store: JobStore;
    /** Opens a second store on the same database through its own connection (concurrency cases). */
    peer?: () => Promise<JobStore>;
    /** Drops what the factory created (schema, database, key prefix); runs after every store is closed. */
    cleanup?: () => Promise<void>;
    /** optional: run fn inside a real transaction of this store's database and commit or roll back */
    transaction?: (fn: (tx: unknown) => Promise<void>, opts: {
        rollback: boolean;
    }) => Promise<void>;
}
/** Options of `storeConformance`. */
export interface ConformanceOptions {
    /** Names of cases to register as skipped, exactly as they are printed. */
    skip?: string[];
}
/**
 * Registers the storage conformance suite: one vitest `describe` with a case per behaviour the
 * `JobStore` port promises (ordering, priority ranges, delays, serial groups under concurrent
 * claimers, unique keys, leases and fencing, settle bookkeeping, reclaim, cancel/retry, counts,
 * list, prune, notifier, transactional insert). `factory` runs before every case and must return a
 * fresh, migrated, empty store; every case injects `now`, so none of them sleeps.
 *
 * @example
 * // memory-store.test.ts
 * storeConformance('memory', async () => ({ store: memoryStore() }))
 */
export declare function storeConformance(name: string, factory: () => Promise<ConformanceTarget>, options?: ConformanceOptions): void;
//# sourceMappingURL=conformance.d.ts.map