import { expect } from 'vitest';
import { addAll, addAndClaim, at, claim, CLAIM_AT, ids, mustGet } from '../context.js';
const STATS = {
    pid: 4242,
    host: 'worker-host.local',
    durationMs: 1_234,
    memoryBefore: { rss: 50_000_000, heapUsed: 20_000_000 },
    memoryAfter: { rss: 51_000_000, heapUsed: 21_500_000 },
};
const NO_LEASE = { lockedBy: null, lockedUntil: null };
export function settleCases(it) {
    it('completes a job: result, finishedAt and stats stored, lease cleared', async ({ store }) => {
        const leased = await addAndClaim(store);
        const result = { sent: true, ids: [1, 2], note: 'ünïcödé ✓' };
        expect(await store.settle({ outcomes: [{ type: 'complete', lease: leased.lease, result, stats: STATS }], now: at(2_500) })).toEqual([{ id: leased.id, ok: true }]);
        expect(await mustGet(store, leased.id)).toMatchObject({
            state: 'completed',
            result,
            stats: STATS,
            finishedAt: at(2_500),
            startedAt: CLAIM_AT,
            attempts: 1,
            ...NO_LEASE,
        });
        expect(await claim(store, { now: at(3_000) })).toEqual([]);
    });
    it('retries a job: runAt and lastError stored, the attempt counted', async ({ store }) => {
        const leased = await addAndClaim(store);
        await store.settle({ outcomes: [{ type: 'retry', lease: leased.lease, error: 'ECONNRESET', runAt: at(10_000), stats: STATS }], now: at(2_000) });
        expect(await mustGet(store, leased.id)).toMatchObject({ state: 'retry', runAt: at(10_000), lastError: 'ECONNRESET', attempts: 1, stats: STATS, finishedAt: null, ...NO_LEASE });
        expect(await claim(store, { now: at(9_999) })).toEqual([]);
        expect(await claim(store, { now: at(10_000) })).toMatchObject([{ id: leased.id, attempts: 2 }]);
    });
    it('puts a job to wait: runAt stored, the attempt not counted', async ({ store }) => {
        const leased = await addAndClaim(store);
        await store.settle({ outcomes: [{ type: 'wait', lease: leased.lease, runAt: at(20_000), error: 'resource not there yet' }], now: at(2_000) });
        expect(await mustGet(store, leased.id)).toMatchObject({ state: 'waiting', runAt: at(20_000), attempts: 0, lastError: 'resource not there yet', finishedAt: null, ...NO_LEASE });
        expect(await claim(store, { now: at(19_999) })).toEqual([]);
        const [again] = await claim(store, { now: at(20_000) });
        expect(again).toMatchObject({ id: leased.id, attempts: 1 });
        await store.settle({ outcomes: [{ type: 'wait', lease: again.lease, runAt: at(30_000) }], now: at(20_000) });
        expect(await mustGet(store, leased.id)).toMatchObject({ state: 'waiting', attempts: 0, runAt: at(30_000) });
    });
    it('fails a job: lastError and finishedAt stored, never claimed again', async ({ store }) => {
        const leased = await addAndClaim(store);
        await store.settle({ outcomes: [{ type: 'fail', lease: leased.lease, error: 'PermanentError: bad address', stats: STATS }], now: at(2_000) });
        expect(await mustGet(store, leased.id)).toMatchObject({ state: 'failed', lastError: 'PermanentError: bad address', finishedAt: at(2_000), stats: STATS, attempts: 1, result: null, ...NO_LEASE });
        expect(await claim(store, { now: at(999_999) })).toEqual([]);
    });
    it('releases a job: ready at once, the attempt not counted', async ({ store }) => {
        const leased = await addAndClaim(store);
        await store.settle({ outcomes: [{ type: 'release', lease: leased.lease }], now: at(2_000) });
        expect(await mustGet(store, leased.id)).toMatchObject({ state: 'ready', attempts: 0, finishedAt: null, ...NO_LEASE });
        expect(await claim(store, { now: at(2_000) })).toMatchObject([{ id: leased.id, attempts: 1 }]);
    });
    it('settles a batch of mixed outcomes in one call, each on its own', async ({ store }) => {
        await addAll(store, Array.from({ length: 5 }, (_, i) => ({ name: `job-${i}` })));
        const [done, retried, waited, failed, released] = await claim(store);
        const results = await store.settle({
            outcomes: [
                { type: 'complete', lease: done.lease, result: 'ok' },
                { type: 'retry', lease: retried.lease, error: 'again', runAt: at(9_000) },
                { type: 'complete', lease: { id: failed.id, token: 'forged' }, result: 'nope' },
                { type: 'wait', lease: waited.lease, runAt: at(8_000) },
                { type: 'fail', lease: failed.lease, error: 'dead' },
                { type: 'release', lease: released.lease },
                { type: 'complete', lease: done.lease, result: 'twice' },
            ],
            now: at(2_000),
        });
        expect(results).toEqual([
            { id: done.id, ok: true },
            { id: retried.id, ok: true },
            { id: failed.id, ok: false },
            { id: waited.id, ok: true },
            { id: failed.id, ok: true },
            { id: released.id, ok: true },
            { id: done.id, ok: false },
        ]);
        expect(await mustGet(store, done.id)).toMatchObject({ state: 'completed', result: 'ok' });
        expect(await mustGet(store, retried.id)).toMatchObject({ state: 'retry', attempts: 1, runAt: at(9_000) });
        expect(await mustGet(store, waited.id)).toMatchObject({ state: 'waiting', attempts: 0, runAt: at(8_000) });
        expect(await mustGet(store, failed.id)).toMatchObject({ state: 'failed', lastError: 'dead', result: null });
        expect(await mustGet(store, released.id)).toMatchObject({ state: 'ready', attempts: 0 });
        expect(ids(await claim(store, { now: at(9_000) }))).toEqual([released.id, waited.id, retried.id]);
    });
    it('completes a batch of 1,100 in one call, each with its own result, a stale or repeated lease changing nothing', async ({ store }) => {
        await addAll(store, Array.from({ length: 1_100 }, (_, i) => ({ name: `job-${i}` })));
        const leased = await claim(store, { limit: 1_100 });
        expect(leased).toHaveLength(1_100);
        const forged = leased[700];
        const outcomes = leased.map((job, i) => job === forged ? { type: 'complete', lease: { id: job.id, token: 'forged' }, result: 'nope' } : { type: 'complete', lease: job.lease, result: { i }, stats: STATS });
        outcomes.push({ type: 'complete', lease: leased[3].lease, result: { i: -1 }, stats: STATS });
        const results = await store.settle({ outcomes, now: at(2_000) });
        expect(results.map((r) => r.ok)).toEqual([...leased.map((job) => job !== forged), false]);
        expect(results.map((r) => r.id)).toEqual([...ids(leased), leased[3].id]);
        for (const i of [0, 3, 511, 512, 513, 1_023, 1_024, 1_099]) {
            expect(await mustGet(store, leased[i].id)).toMatchObject({ state: 'completed', result: { i }, stats: STATS, finishedAt: at(2_000), ...NO_LEASE });
        }
        expect(await mustGet(store, forged.id)).toMatchObject({ state: 'active', result: null });
    });
    it('settles an empty batch as a no-op', async ({ store }) => {
        expect(await store.settle({ outcomes: [], now: CLAIM_AT })).toEqual([]);
    });
}
//# sourceMappingURL=settle.cases.js.map