import { expect } from 'vitest';
import { add, addAll, at, claim, ids } from '../context.js';
/** Finishes one job of each kind: completed at 2 s, failed at 3 s, cancelled at 4 s. */
async function finishedJobs(store) {
    await addAll(store, [{ name: 'completed' }, { name: 'failed' }]);
    const [completed, failed] = await claim(store);
    await store.settle({ outcomes: [{ type: 'complete', lease: completed.lease, result: null }], now: at(2_000) });
    await store.settle({ outcomes: [{ type: 'fail', lease: failed.lease, error: 'x' }], now: at(3_000) });
    const cancelled = await add(store, { name: 'cancelled' });
    await store.cancel({ id: cancelled.id, now: at(4_000) });
    return { completed: completed.id, failed: failed.id, cancelled: cancelled.id };
}
async function remaining(store) {
    return ids((await store.list({ limit: 1_000 })).jobs).sort();
}
export function pruneCases(it) {
    it('prunes only finished jobs that finished before olderThan', async ({ store }) => {
        const finished = await finishedJobs(store);
        const [ready, scheduled] = await addAll(store, [{}, { runAt: at(900_000) }]);
        const [active] = await claim(store, { limit: 1, now: at(5_000) });
        const unfinished = [ready.id, scheduled.id].sort();
        expect(active?.id).toBe(ready?.id);
        expect(await store.prune({ olderThan: at(3_000) })).toBe(1);
        expect(await store.get({ id: finished.completed })).toBeNull();
        expect(await store.get({ id: finished.failed })).not.toBeNull();
        expect(await store.prune({ olderThan: at(1_000_000) })).toBe(2);
        expect(await remaining(store)).toEqual(unfinished);
        expect(await store.prune({ olderThan: at(1_000_000) })).toBe(0);
    });
    it('prunes only the given finished states', async ({ store }) => {
        const finished = await finishedJobs(store);
        expect(await store.prune({ olderThan: at(10_000), states: ['cancelled', 'failed'] })).toBe(2);
        expect(await remaining(store)).toEqual([finished.completed]);
        expect(await store.prune({ olderThan: at(10_000), states: ['failed'] })).toBe(0);
        expect(await store.prune({ olderThan: at(10_000), states: ['completed'] })).toBe(1);
    });
    it('prunes more jobs than fit in one batch', async ({ store }) => {
        await addAll(store, Array.from({ length: 25 }, () => ({})));
        const leased = await claim(store);
        await store.settle({ outcomes: leased.map((job) => ({ type: 'complete', lease: job.lease, result: null })), now: at(2_000) });
        const kept = await add(store);
        expect(await store.prune({ olderThan: at(3_000), batchSize: 7 })).toBe(25);
        expect(await remaining(store)).toEqual([kept.id]);
    });
}
//# sourceMappingURL=prune.cases.js.map