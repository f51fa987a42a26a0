import { expect } from 'vitest';
import { emptyCounts } from '../../job/job.js';
import { add, addAll, at, claim, CLAIM_AT, ids } from '../context.js';
/** One job in every state, in queue `q`; the waiting, retry and scheduled ones due at 60 s. */
async function oneOfEach(store, queue = 'q') {
    await addAll(store, [{ queue }, { queue }, { queue }, { queue }, { queue }, { queue }]);
    const leased = await claim(store, { queues: [queue], limit: 5 });
    const [, waiting, retry, completed, failed] = leased;
    await store.settle({
        outcomes: [
            { type: 'wait', lease: waiting.lease, runAt: at(60_000) },
            { type: 'retry', lease: retry.lease, error: 'x', runAt: at(60_000) },
            { type: 'complete', lease: completed.lease, result: null },
            { type: 'fail', lease: failed.lease, error: 'x' },
        ],
        now: CLAIM_AT,
    });
    const ready = (await store.list({ queue, state: 'ready' })).jobs[0];
    await store.cancel({ id: ready.id, now: CLAIM_AT });
    await add(store, { queue }); // ready
    await add(store, { queue, runAt: at(60_000) }); // scheduled
}
export function reportingCases(it) {
    it('counts jobs per state', async ({ store }) => {
        expect(await store.counts({ now: CLAIM_AT })).toEqual(emptyCounts());
        await oneOfEach(store);
        expect(await store.counts({ now: CLAIM_AT })).toEqual({ scheduled: 1, ready: 1, active: 1, waiting: 1, retry: 1, completed: 1, failed: 1, cancelled: 1 });
    });
    it('counts due scheduled, retry and waiting jobs as ready', async ({ store }) => {
        await oneOfEach(store);
        expect(await store.counts({ now: at(59_999) })).toMatchObject({ ready: 1, scheduled: 1, waiting: 1, retry: 1 });
        expect(await store.counts({ now: at(60_000) })).toEqual({ scheduled: 0, ready: 4, active: 1, waiting: 0, retry: 0, completed: 1, failed: 1, cancelled: 1 });
    });
    it('counts only the given queue', async ({ store }) => {
        await oneOfEach(store, 'a');
        await addAll(store, [{ queue: 'b' }, { queue: 'b', runAt: at(60_000) }]);
        expect(await store.counts({ queue: 'b', now: CLAIM_AT })).toEqual({ ...emptyCounts(), ready: 1, scheduled: 1 });
        expect((await store.counts({ queue: 'a', now: CLAIM_AT })).ready).toBe(1);
        expect((await store.counts({ now: CLAIM_AT })).ready).toBe(2);
        expect(await store.counts({ queue: 'none', now: CLAIM_AT })).toEqual(emptyCounts());
    });
    it('counts every queue in one call, sorted by name, as counts per queue would', async ({ store, skip }) => {
        if (store.countsByQueue === undefined)
            return skip('the store has no countsByQueue (Queue.countsByQueue falls back to queues() + counts)');
        expect(await store.countsByQueue({ now: CLAIM_AT })).toEqual([]);
        await oneOfEach(store, 'b');
        await addAll(store, [{ queue: 'a' }, { queue: 'a', runAt: at(60_000) }, { queue: 'c' }]);
        const byQueue = await store.countsByQueue({ now: CLAIM_AT });
        expect(byQueue.map((entry) => entry.queue)).toEqual(['a', 'b', 'c']);
        for (const { queue, counts } of byQueue)
            expect(counts).toEqual(await store.counts({ queue, now: CLAIM_AT }));
        // Due jobs count as ready here too.
        expect((await store.countsByQueue({ now: at(60_000) })).find((entry) => entry.queue === 'b')?.counts).toEqual(await store.counts({ queue: 'b', now: at(60_000) }));
    });
    it('lists newest first, filtered by state, queue and name', async ({ store }) => {
        const jobs = await addAll(store, [
            { queue: 'a', name: 'x' },
            { queue: 'b', name: 'x' },
            { queue: 'a', name: 'y' },
            { queue: 'a', name: 'x' },
            { queue: 'b', name: 'y', runAt: at(60_000) },
        ]);
        const id = (i) => jobs[i].id;
        expect(ids((await store.list({})).jobs)).toEqual([id(4), id(3), id(2), id(1), id(0)]);
        expect(ids((await store.list({ queue: 'a' })).jobs)).toEqual([id(3), id(2), id(0)]);
        expect(ids((await store.list({ name: 'x' })).jobs)).toEqual([id(3), id(1), id(0)]);
        expect(ids((await store.list({ queue: 'a', name: 'x' })).jobs)).toEqual([id(3), id(0)]);
        expect(ids((await store.list({ state: 'scheduled' })).jobs)).toEqual([id(4)]);
        expect(ids((await store.list({ state: 'ready', queue: 'b' })).jobs)).toEqual([id(1)]);
        expect(await store.list({ state: 'failed' })).toEqual({ jobs: [], nextCursor: null });
        const listed = (await store.list({ name: 'y', queue: 'b' })).jobs[0];
        expect(listed).toMatchObject({ id: id(4), state: 'scheduled', runAt: at(60_000), payload: {} });
    });
    it('pages through a list by cursor without overlap or gaps', async ({ store }) => {
        const jobs = await addAll(store, Array.from({ length: 23 }, (_, i) => ({ queue: i % 2 === 0 ? 'even' : 'odd' })));
        const pages = await collectPages(store, 5);
        expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
        expect(pages.flat()).toEqual(ids(jobs).reverse());
        const evenPages = await collectPages(store, 4, 'even');
        expect(evenPages.map((page) => page.length)).toEqual([4, 4, 4]);
        expect(evenPages.flat()).toEqual(ids(jobs.filter((job) => job.queue === 'even')).reverse());
        const exact = await store.list({ limit: 23 });
        expect(exact.jobs).toHaveLength(23);
        expect(exact.nextCursor).toBeNull();
    });
    it('lists at most 50 jobs when no limit is given', async ({ store }) => {
        await addAll(store, Array.from({ length: 55 }, () => ({})));
        const page = await store.list({});
        expect(page.jobs).toHaveLength(50);
        expect(page.nextCursor).not.toBeNull();
    });
    it('names the distinct queues that hold jobs', async ({ store }) => {
        expect(await store.queues()).toEqual([]);
        const [, done] = await addAll(store, [{ queue: 'emails' }, { queue: 'reports' }, { queue: 'emails' }, { queue: 'webhooks', runAt: at(60_000) }]);
        await store.cancel({ id: done.id, now: CLAIM_AT });
        expect([...(await store.queues())].sort()).toEqual(['emails', 'reports', 'webhooks']);
    });
    it('creates its schema idempotently, keeping the jobs it holds', async ({ store }) => {
        const job = await add(store);
        await Promise.all([store.migrate(), store.migrate()]);
        await store.migrate();
        expect((await store.get({ id: job.id }))?.id).toBe(job.id);
    });
    it('declares what it can do', async ({ store }) => {
        expect(['native', 'emulated', 'none']).toContain(store.capabilities.notify);
        expect(typeof store.capabilities.transactionalEnqueue).toBe('boolean');
        if (store.capabilities.notify !== 'none')
            expect(store.notifier).toBeDefined();
    });
}
async function collectPages(store, limit, queue) {
    const pages = [];
    let cursor;
    for (let guard = 0; guard < 100; guard++) {
        const page = await store.list({ limit, ...(queue === undefined ? {} : { queue }), ...(cursor === undefined ? {} : { cursor }) });
        pages.push(ids(page.jobs));
        if (page.nextCursor === null)
            return pages;
        cursor = page.nextCursor;
    }
    throw new Error('list never returned a null nextCursor');
}
//# sourceMappingURL=reporting.cases.js.map