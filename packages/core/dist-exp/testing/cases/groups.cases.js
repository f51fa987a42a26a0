import { expect } from 'vitest';
import { addAll, at, claim, CLAIM_AT, ids } from '../context.js';
export function groupCases(it) {
    it('runs one job of a serial group at a time', async ({ store }) => {
        const [first] = await addAll(store, [{ groupKey: 'g' }, { groupKey: 'g' }, { groupKey: 'g' }]);
        expect(ids(await claim(store, { limit: 10 }))).toEqual([first?.id]);
        expect(await claim(store, { limit: 10, now: at(2_000) })).toEqual([]);
    });
    it('keeps FIFO order inside a serial group whatever the priority or runAt', async ({ store }) => {
        const [first, second, third] = await addAll(store, [
            { groupKey: 'g', priority: 100, runAt: at(-10) },
            { groupKey: 'g', priority: 900, runAt: at(-1_000) },
            { groupKey: 'g', priority: 500 },
        ]);
        const order = [];
        for (let round = 0; round < 4; round++) {
            const claimed = await claim(store, { limit: 10 });
            expect(claimed.length).toBeLessThanOrEqual(1);
            order.push(...ids(claimed));
            await store.settle({ outcomes: claimed.map((job) => ({ type: 'complete', lease: job.lease, result: null })), now: CLAIM_AT });
        }
        expect(order).toEqual([first?.id, second?.id, third?.id]);
    });
    it('leaves other groups and ungrouped jobs unaffected by a busy group', async ({ store }) => {
        const [g1a, , g2a, , u1, u2] = await addAll(store, [
            { groupKey: 'g1' },
            { groupKey: 'g1' },
            { groupKey: 'g2' },
            { groupKey: 'g2' },
            {},
            {},
        ]);
        expect(ids(await claim(store, { limit: 10 })).sort()).toEqual([g1a?.id, g2a?.id, u1?.id, u2?.id].sort());
        expect(await claim(store, { limit: 10 })).toEqual([]);
    });
    it('hands out the next job of a group once the active one completes, fails or is cancelled', async ({ store }) => {
        const [a, b, c, d] = await addAll(store, [{ groupKey: 'g' }, { groupKey: 'g' }, { groupKey: 'g' }, { groupKey: 'g' }]);
        const [leasedA] = await claim(store);
        await store.settle({ outcomes: [{ type: 'complete', lease: leasedA.lease, result: 1 }], now: CLAIM_AT });
        const [leasedB] = await claim(store);
        expect(leasedB?.id).toBe(b?.id);
        await store.settle({ outcomes: [{ type: 'fail', lease: leasedB.lease, error: 'boom' }], now: CLAIM_AT });
        const [leasedC] = await claim(store);
        expect(leasedC?.id).toBe(c?.id);
        await store.cancel({ id: c.id, now: CLAIM_AT });
        expect(ids(await claim(store))).toEqual([d?.id]);
        expect(leasedA?.id).toBe(a?.id);
    });
    it('holds a serial group while its oldest job waits for a retry or a wait', async ({ store }) => {
        const [first, second] = await addAll(store, [{ groupKey: 'g' }, { groupKey: 'g' }]);
        const [leased] = await claim(store);
        await store.settle({ outcomes: [{ type: 'retry', lease: leased.lease, error: 'try later', runAt: at(10_000) }], now: CLAIM_AT });
        expect(await claim(store, { now: at(5_000) })).toEqual([]);
        const [again] = await claim(store, { now: at(10_000) });
        expect(again?.id).toBe(first?.id);
        await store.settle({ outcomes: [{ type: 'wait', lease: again.lease, runAt: at(20_000) }], now: at(10_000) });
        expect(await claim(store, { now: at(15_000) })).toEqual([]);
        const [third] = await claim(store, { now: at(20_000) });
        expect(third?.id).toBe(first?.id);
        await store.settle({ outcomes: [{ type: 'complete', lease: third.lease, result: null }], now: at(20_000) });
        expect(ids(await claim(store, { now: at(20_000) }))).toEqual([second?.id]);
    });
    it('holds a serial group behind its oldest job even when that job is scheduled later', async ({ store }) => {
        const [first, second] = await addAll(store, [{ groupKey: 'g', runAt: at(30_000) }, { groupKey: 'g' }]);
        expect(await claim(store, { now: at(10_000) })).toEqual([]);
        expect(ids(await claim(store, { now: at(30_000) }))).toEqual([first?.id]);
        expect(second?.state).toBe('ready');
    });
    it('holds a serial group while its active job sits in a queue the claimer does not read', async ({ store }) => {
        const [, inB] = await addAll(store, [{ groupKey: 'g', queue: 'a' }, { groupKey: 'g', queue: 'b' }]);
        expect((await claim(store, { queues: ['a'] })).map((j) => j.queue)).toEqual(['a']);
        expect(await claim(store, { queues: ['b'] })).toEqual([]);
        expect(inB?.state).toBe('ready');
    });
    it('keeps a revived older job of a group waiting while a newer one is active', async ({ store }) => {
        const [first, second] = await addAll(store, [{ groupKey: 'g' }, { groupKey: 'g' }]);
        const [leasedFirst] = await claim(store);
        await store.settle({ outcomes: [{ type: 'fail', lease: leasedFirst.lease, error: 'boom' }], now: CLAIM_AT });
        const [leasedSecond] = await claim(store);
        expect(leasedSecond?.id).toBe(second?.id);
        expect((await store.retry({ id: first.id, now: CLAIM_AT }))?.changed).toBe(true);
        expect(await claim(store)).toEqual([]);
        await store.settle({ outcomes: [{ type: 'complete', lease: leasedSecond.lease, result: null }], now: CLAIM_AT });
        expect(ids(await claim(store))).toEqual([first?.id]);
    });
}
//# sourceMappingURL=groups.cases.js.map