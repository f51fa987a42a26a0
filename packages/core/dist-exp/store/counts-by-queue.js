/**
 * The counts of every queue that holds jobs, sorted by name: the store's `countsByQueue` (one pass
 * over the jobs) when it has one, else `queues()` and one `counts` per queue (as many passes as
 * there are queues, plus one).
 *
 * @example
 * for (const { queue, counts } of await countsOfEveryQueue(store)) console.log(queue, counts.ready)
 */
export async function countsOfEveryQueue(store, now) {
    const at = now === undefined ? {} : { now };
    if (store.countsByQueue !== undefined)
        return store.countsByQueue(at);
    const names = [...(await store.queues())].sort();
    return Promise.all(names.map(async (queue) => ({ queue, counts: await store.counts({ queue, ...at }) })));
}
//# sourceMappingURL=counts-by-queue.js.map