import type { JobStore, QueueCounts } from './port.js';
/**
 * The counts of every queue that holds jobs, sorted by name: the store's `countsByQueue` (one pass
 * over the jobs) when it has one, else `queues()` and one `counts` per queue (as many passes as
 * there are queues, plus one).
 *
 * @example
 * for (const { queue, counts } of await countsOfEveryQueue(store)) console.log(queue, counts.ready)
 */
export declare function countsOfEveryQueue(store: JobStore, now?: Date): Promise<QueueCounts[]>;
//# sourceMappingURL=counts-by-queue.d.ts.map