import { expect } from 'vitest';
import { add, addAndClaim, claim, CLAIM_AT, ids, mustGet, T0 } from '../context.js';
import { newJob } from '../new-job.js';
export function uniqueCases(it) {
    it('returns the unfinished job holding a uniqueKey as a duplicate instead of inserting', async ({ store }) => {
        const first = await add(store, { uniqueKey: 'k', payload: { v: 1 } });
        const [again] = await store.insert({ jobs: [newJob({ uniqueKey: 'k', payload: { v: 2 }, runAt: T0 })], now: T0 });
        expect(again?.duplicate).toBe(true);
        expect(again?.job.id).toBe(first.id);
        expect(again?.job.payload).toEqual({ v: 1 });
        const [other] = await store.insert({ jobs: [newJob({ uniqueKey: 'other', runAt: T0 })], now: T0 });
        expect(other?.duplicate).toBe(false);
        expect((await store.list({})).jobs).toHaveLength(2);
    });
    it('treats an active job as still holding its uniqueKey', async ({ store }) => {
        const leased = await addAndClaim(store, { uniqueKey: 'k' });
        const [again] = await store.insert({ jobs: [newJob({ uniqueKey: 'k', runAt: T0 })], now: CLAIM_AT });
        expect(again).toMatchObject({ duplicate: true, job: { id: leased.id, state: 'active' } });
    });
    it('dedupes a uniqueKey within one batch', async ({ store }) => {
        const results = await store.insert({
            jobs: [newJob({ uniqueKey: 'k', name: 'a', runAt: T0 }), newJob({ name: 'b', runAt: T0 }), newJob({ uniqueKey: 'k', name: 'c', runAt: T0 })],
            now: T0,
        });
        expect(results.map((r) => [r.job.name, r.duplicate])).toEqual([
            ['a', false],
            ['b', false],
            ['a', true],
        ]);
        expect(results[2]?.job.id).toBe(results[0]?.job.id);
        expect((await store.list({})).jobs).toHaveLength(2);
    });
    it('frees a uniqueKey once its job completes, fails or is cancelled', async ({ store }) => {
        const completed = await addAndClaim(store, { uniqueKey: 'done' });
        await store.settle({ outcomes: [{ type: 'complete', lease: completed.lease, result: null }], now: CLAIM_AT });
        const failed = await addAndClaim(store, { uniqueKey: 'failed' });
        await store.settle({ outcomes: [{ type: 'fail', lease: failed.lease, error: 'x' }], now: CLAIM_AT });
        const cancelled = await add(store, { uniqueKey: 'cancelled' });
        await store.cancel({ id: cancelled.id, now: CLAIM_AT });
        const results = await store.insert({ jobs: ['done', 'failed', 'cancelled'].map((uniqueKey) => newJob({ uniqueKey, runAt: T0 })), now: CLAIM_AT });
        expect(results.map((r) => r.duplicate)).toEqual([false, false, false]);
        expect(ids(results.map((r) => r.job))).not.toContain(completed.id);
    });
    it('still holds a uniqueKey while its job waits for a retry', async ({ store }) => {
        const leased = await addAndClaim(store, { uniqueKey: 'k' });
        await store.settle({ outcomes: [{ type: 'retry', lease: leased.lease, error: 'x', runAt: CLAIM_AT }], now: CLAIM_AT });
        const [again] = await store.insert({ jobs: [newJob({ uniqueKey: 'k', runAt: T0 })], now: CLAIM_AT });
        expect(again).toMatchObject({ duplicate: true, job: { id: leased.id, state: 'retry' } });
    });
    it('does not revive a job whose uniqueKey another unfinished job now holds', async ({ store }) => {
        const old = await add(store, { uniqueKey: 'k' });
        await store.cancel({ id: old.id, now: T0 });
        const replacement = await add(store, { uniqueKey: 'k' });
        expect(replacement.id).not.toBe(old.id);
        expect(await store.retry({ id: old.id, now: CLAIM_AT })).toMatchObject({ changed: false, job: { id: old.id, state: 'cancelled' } });
        expect(ids(await claim(store))).toEqual([replacement.id]);
        expect((await mustGet(store, old.id)).state).toBe('cancelled');
    });
}
//# sourceMappingURL=unique.cases.js.map