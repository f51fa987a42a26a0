import { expect } from 'vitest';
import { addAll, at, claim, CLAIM_AT, ids, LEASE_MS, mustGet } from '../context.js';
export function foldCases(it) {
    it('settleAndClaim settles a batch and claims the next in one call, each outcome fenced by its lease', async ({ store, skip }) => {
        if (store.settleAndClaim === undefined)
            return skip('the store has no settleAndClaim (optional)');
        const [a, b, c] = await addAll(store, [{ priority: 900 }, { priority: 800 }, { priority: 700 }]);
        const first = await claim(store, { limit: 2 });
        expect(ids(first)).toEqual([a.id, b.id]);
        const [leaseA, leaseB] = first.map((job) => job.lease);
        const { settled, claimed } = await store.settleAndClaim({
            outcomes: [
                { type: 'complete', lease: leaseA, result: { ok: 1 } },
                { type: 'complete', lease: { id: leaseB.id, token: 'not-the-token' }, result: null },
            ],
            claim: { workerId: 'conformance-worker-2', limit: 5, leaseMs: LEASE_MS, now: at(2_000) },
        });
        expect(settled).toEqual([
            { id: a.id, ok: true },
            { id: b.id, ok: false },
        ]);
        expect(ids(claimed)).toEqual([c.id]);
        expect(claimed[0]).toMatchObject({ state: 'active', attempts: 1, lockedBy: 'conformance-worker-2' });
        expect(await mustGet(store, a.id)).toMatchObject({ state: 'completed', result: { ok: 1 }, finishedAt: at(2_000) });
        expect(await mustGet(store, b.id)).toMatchObject({ state: 'active', startedAt: CLAIM_AT });
        // The stale outcome changed nothing: the real lease still settles.
        expect(await store.settle({ outcomes: [{ type: 'complete', lease: leaseB, result: null }], now: at(3_000) })).toEqual([{ id: b.id, ok: true }]);
    });
}
//# sourceMappingURL=fold.cases.js.map