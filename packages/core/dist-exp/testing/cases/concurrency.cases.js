import { expect } from 'vitest';
import { addAll, claim, CLAIM_AT, ids, seededRandom } from '../context.js';
/**
 * Four claimers running at once: two on the store itself (its own pool or connection) and two peers
 * on their own connections when the target offers peers, else the store four times.
 */
async function claimers(ctx) {
    return [ctx.store, ctx.store, (await ctx.peer()) ?? ctx.store, (await ctx.peer()) ?? ctx.store];
}
async function listActive(store) {
    const found = [];
    let cursor;
    do {
        const page = await store.list({ state: 'active', limit: 500, ...(cursor === undefined ? {} : { cursor }) });
        found.push(...ids(page.jobs));
        cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return found.sort();
}
export function concurrencyCases(it) {
    it('cancels and removes jobs while claimers take them, each job ending in exactly one of the two', async (ctx) => {
        const jobs = await addAll(ctx.store, Array.from({ length: 120 }, () => ({})));
        const [admin, ...stores] = await claimers(ctx);
        const claimed = new Set();
        const cancelled = new Set();
        const removed = new Set();
        await Promise.all([
            ...stores.map(async (store, i) => {
                for (let round = 0; round < 100; round++) {
                    const batch = await claim(store, { workerId: `claimer-${i}`, limit: 3 });
                    if (batch.length === 0)
                        return;
                    for (const job of batch)
                        claimed.add(job.id);
                }
            }),
            (async () => {
                for (const [i, job] of jobs.entries()) {
                    if (i % 2 === 0) {
                        if ((await admin.cancel({ id: job.id, now: CLAIM_AT }))?.changed === true)
                            cancelled.add(job.id);
                    }
                    else if (await admin.remove({ id: job.id }))
                        removed.add(job.id);
                }
            })(),
        ]);
        for (const job of jobs) {
            const stored = await ctx.store.get({ id: job.id });
            if (removed.has(job.id))
                expect(stored).toBeNull();
            else
                expect(stored?.state).toBe('cancelled');
        }
        // Nothing is left to claim: a cancelled or removed job never comes back.
        expect(await claim(ctx.store, { limit: 100 })).toEqual([]);
        expect(cancelled.size + removed.size).toBe(jobs.length);
        expect(claimed.size).toBeLessThanOrEqual(jobs.length);
    });
    it('never hands one job to two concurrent claimers', async (ctx) => {
        const jobs = await addAll(ctx.store, Array.from({ length: 200 }, (_, i) => ({ priority: i % 7 })));
        const stores = await claimers(ctx);
        const claimedBy = new Map();
        const record = (workerId, claimed) => {
            for (const job of claimed)
                claimedBy.set(job.id, [...(claimedBy.get(job.id) ?? []), workerId]);
        };
        await Promise.all(stores.map(async (store, i) => {
            const workerId = `claimer-${i}`;
            for (let round = 0; round < 200; round++) {
                const claimed = await claim(store, { workerId, limit: 10 });
                if (claimed.length === 0)
                    return;
                record(workerId, claimed);
            }
        }));
        // A store may skip rows another claimer had locked at that instant; collect what is left.
        for (let round = 0; round < 50; round++) {
            const claimed = await claim(ctx.store, { workerId: 'sweeper', limit: 50 });
            if (claimed.length === 0)
                break;
            record('sweeper', claimed);
        }
        const twice = [...claimedBy].filter(([, by]) => by.length > 1);
        expect(twice).toEqual([]);
        expect([...claimedBy.keys()].sort()).toEqual(ids(jobs).sort());
        expect(await listActive(ctx.store)).toEqual(ids(jobs).sort());
        for (const job of jobs.slice(0, 20)) {
            const stored = await ctx.store.get({ id: job.id });
            expect(stored?.attempts).toBe(1);
            expect(stored?.lockedBy).toBe(claimedBy.get(job.id)?.[0]);
        }
    });
    it('keeps serial groups to one active job under concurrent claimers and settles', async (ctx) => {
        const groups = ['g0', 'g1', 'g2', 'g3', 'g4'];
        const spec = Array.from({ length: 40 }, (_, i) => ({ groupKey: i < 30 ? (groups[i % groups.length] ?? null) : null, priority: (i * 37) % 5 }));
        const jobs = await addAll(ctx.store, spec);
        const groupOf = new Map(jobs.map((job) => [job.id, job.groupKey]));
        const stores = await claimers(ctx);
        const random = seededRandom(42);
        const active = new Map();
        const claimedTimes = new Map();
        const claimOrder = new Map();
        let toSettle = [];
        for (let round = 0; round < 200 && (active.size > 0 || claimedTimes.size < jobs.length); round++) {
            // Claims of this round run at once on every claimer, together with the settles of the last one.
            const settles = splitIn(toSettle, stores.length).map((batch, i) => batch.length === 0
                ? Promise.resolve()
                : stores[i].settle({ outcomes: batch.map((job) => ({ type: 'complete', lease: job.lease, result: round })), now: CLAIM_AT }).then((results) => {
                    expect(results.every((r) => r.ok)).toBe(true);
                    for (const job of batch)
                        active.delete(job.id);
                }));
            const claims = stores.map((store, i) => claim(store, { workerId: `claimer-${i}`, limit: 4 }));
            const [claimed] = await Promise.all([Promise.all(claims), Promise.all(settles)]);
            for (const job of claimed.flat()) {
                claimedTimes.set(job.id, (claimedTimes.get(job.id) ?? 0) + 1);
                active.set(job.id, job);
                if (job.groupKey !== null)
                    claimOrder.set(job.groupKey, [...(claimOrder.get(job.groupKey) ?? []), job.id]);
            }
            // Nothing is in flight here, so `active` is exactly what the store holds as active.
            const activeGroups = [...active.values()].flatMap((job) => (job.groupKey === null ? [] : [job.groupKey]));
            expect(activeGroups.length, `round ${round}: two active jobs in one group`).toBe(new Set(activeGroups).size);
            expect(await listActive(ctx.store)).toEqual([...active.keys()].sort());
            // Settle about half of what is active in the next round; the rest keep their groups busy.
            toSettle = [...active.values()].filter(() => random() < 0.5);
        }
        expect([...claimedTimes.values()].every((n) => n === 1)).toBe(true);
        expect(claimedTimes.size).toBe(jobs.length);
        for (const group of groups) {
            const expected = jobs.filter((job) => groupOf.get(job.id) === group).map((job) => job.id);
            expect(claimOrder.get(group), `FIFO inside ${group}`).toEqual(expected);
        }
    });
}
function splitIn(items, parts) {
    const out = Array.from({ length: parts }, () => []);
    items.forEach((item, i) => out[i % parts].push(item));
    return out;
}
//# sourceMappingURL=concurrency.cases.js.map