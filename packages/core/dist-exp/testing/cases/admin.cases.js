import { expect } from 'vitest';
import { add, addAll, addAndClaim, at, claim, CLAIM_AT, ids, mustGet } from '../context.js';
export function adminCases(it) {
    it('cancels a ready or scheduled job so it is never claimed', async ({ store }) => {
        const [ready, scheduled] = await addAll(store, [{}, { runAt: at(5_000) }]);
        for (const job of [ready, scheduled]) {
            const result = await store.cancel({ id: job.id, now: at(500) });
            expect(result).toMatchObject({ changed: true, job: { id: job.id, state: 'cancelled', finishedAt: at(500) } });
            expect(await mustGet(store, job.id)).toMatchObject({ state: 'cancelled', finishedAt: at(500) });
        }
        expect(await claim(store, { now: at(10_000) })).toEqual([]);
    });
    it('cancels an active job and takes its lease away', async ({ store }) => {
        const leased = await addAndClaim(store);
        expect(await store.cancel({ id: leased.id, now: at(2_000) })).toMatchObject({ changed: true, job: { state: 'cancelled', lockedBy: null, lockedUntil: null } });
        expect(await store.renewLeases({ leases: [leased.lease], leaseMs: 30_000, now: at(2_000) })).toEqual([]);
        expect(await store.progress({ lease: leased.lease, progress: 1 })).toBe(false);
        expect(await store.reclaimExpired({ limit: 10, now: at(100_000) })).toBe(0);
        expect((await mustGet(store, leased.id)).state).toBe('cancelled');
    });
    it('cancels waiting and retry jobs', async ({ store }) => {
        await addAll(store, [{}, {}]);
        const [a, b] = await claim(store);
        await store.settle({ outcomes: [{ type: 'wait', lease: a.lease, runAt: at(9_000) }, { type: 'retry', lease: b.lease, error: 'x', runAt: at(9_000) }], now: CLAIM_AT });
        expect((await store.cancel({ id: a.id, now: CLAIM_AT }))?.changed).toBe(true);
        expect((await store.cancel({ id: b.id, now: CLAIM_AT }))?.changed).toBe(true);
        expect(await claim(store, { now: at(9_000) })).toEqual([]);
    });
    it('leaves a finished job unchanged when cancelled', async ({ store }) => {
        const leased = await addAndClaim(store);
        await store.settle({ outcomes: [{ type: 'complete', lease: leased.lease, result: 'r' }], now: at(2_000) });
        const cancelledTwice = await add(store);
        await store.cancel({ id: cancelledTwice.id, now: at(2_000) });
        expect(await store.cancel({ id: leased.id, now: at(3_000) })).toMatchObject({ changed: false, job: { state: 'completed', result: 'r', finishedAt: at(2_000) } });
        expect(await store.cancel({ id: cancelledTwice.id, now: at(3_000) })).toMatchObject({ changed: false, job: { state: 'cancelled', finishedAt: at(2_000) } });
    });
    it('returns null when cancelling or retrying an unknown job', async ({ store }) => {
        expect(await store.cancel({ id: '987654', now: CLAIM_AT })).toBeNull();
        expect(await store.retry({ id: '987654', now: CLAIM_AT })).toBeNull();
        expect(await store.get({ id: '987654' })).toBeNull();
    });
    it('revives a failed or cancelled job as ready now with its attempts reset', async ({ store }) => {
        const failed = await addAndClaim(store, { maxAttempts: 2 });
        await store.settle({ outcomes: [{ type: 'fail', lease: failed.lease, error: 'boom' }], now: at(2_000) });
        const cancelled = await add(store, { runAt: at(900_000) });
        await store.cancel({ id: cancelled.id, now: at(2_000) });
        for (const job of [failed, cancelled]) {
            const result = await store.retry({ id: job.id, now: at(50_000) });
            expect(result).toMatchObject({ changed: true, job: { id: job.id, state: 'ready', attempts: 0, runAt: at(50_000), finishedAt: null } });
        }
        expect(ids(await claim(store, { now: at(50_000) }))).toEqual([failed.id, cancelled.id]);
    });
    it('leaves jobs that are not failed or cancelled unchanged when retried', async ({ store }) => {
        await addAll(store, [{ priority: 900 }, { priority: 800 }]);
        const [active, completed] = await claim(store);
        await store.settle({ outcomes: [{ type: 'complete', lease: completed.lease, result: null }], now: CLAIM_AT });
        const [ready, scheduled] = await addAll(store, [{}, { runAt: at(900_000) }]);
        for (const job of [active, completed, ready, scheduled]) {
            const before = await mustGet(store, job.id);
            expect(await store.retry({ id: job.id, now: at(5_000) })).toEqual({ changed: false, job: before });
            expect(await mustGet(store, job.id)).toEqual(before);
        }
    });
    it('removes a job in any state', async ({ store }) => {
        const [ready, scheduled] = await addAll(store, [{}, { runAt: at(900_000) }]);
        const leased = await addAndClaim(store, { queue: 'other' }, { queues: ['other'] });
        for (const job of [ready, scheduled, leased]) {
            expect(await store.remove({ id: job.id })).toBe(true);
            expect(await store.get({ id: job.id })).toBeNull();
        }
        expect(await store.remove({ id: ready.id })).toBe(false);
        expect(await claim(store, { now: at(999_999) })).toEqual([]);
        expect(await store.renewLeases({ leases: [leased.lease], leaseMs: 1_000, now: CLAIM_AT })).toEqual([]);
    });
}
//# sourceMappingURL=admin.cases.js.map