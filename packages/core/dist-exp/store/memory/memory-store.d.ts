import type { JobStore } from '../port.js';
/** Options of `memoryStore`. */
export interface MemoryStoreOptions {
    /** The clock used when a call passes no `now`; default `() => new Date()`. */
    clock?: () => Date;
}
/** Thrown by every call on a memory store after `close()`. */
export declare class MemoryStoreClosedError extends Error {
    readonly name = "MemoryStoreClosedError";
    constructor();
}
/**
 * The reference store: every job lives in this process's memory, so it suits tests, examples and
 * single-process tools, and is lost when the process exits. It passes `@queue/core/testing` and is
 * the behaviour every other store is held to. Wake-ups are emitted in-process (`notify:
 * 'emulated'`); there is no transaction to join (`transactionalEnqueue: false`).
 *
 * @example
 * const store = memoryStore()
 * const queue = new Queue({ store })
 */
export declare function memoryStore(options?: MemoryStoreOptions): JobStore;
//# sourceMappingURL=memory-store.d.ts.map