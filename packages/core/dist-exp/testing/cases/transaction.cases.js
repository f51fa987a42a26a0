import { expect } from 'vitest';
import { claim, ids, T0 } from '../context.js';
import { newJob } from '../new-job.js';
export function transactionCases(it) {
    it('discards a job enqueued in a transaction that rolls back', async ({ store, transaction, skip }) => {
        if (transaction === undefined)
            return skip('the target runs no transactions');
        expect(store.capabilities.transactionalEnqueue).toBe(true);
        let id;
        await transaction(async (tx) => {
            const [row] = await store.insert({ jobs: [newJob({ runAt: T0, uniqueKey: 'in-tx' })], tx, now: T0 });
            id = row?.job.id;
        }, { rollback: true });
        expect(id).toBeDefined();
        expect(await store.get({ id: id })).toBeNull();
        expect(await claim(store)).toEqual([]);
        const [again] = await store.insert({ jobs: [newJob({ runAt: T0, uniqueKey: 'in-tx' })], now: T0 });
        expect(again?.duplicate).toBe(false);
    });
    it('commits a job enqueued in a transaction exactly once, unseen by others until then', async ({ store, transaction, peer, skip }) => {
        if (transaction === undefined)
            return skip('the target runs no transactions');
        const other = (await peer()) ?? store;
        let id;
        await transaction(async (tx) => {
            const [row] = await store.insert({ jobs: [newJob({ runAt: T0, name: 'in-tx' })], tx, now: T0 });
            id = row?.job.id;
            expect(await other.get({ id: id })).toBeNull();
            expect(await claim(other, { workerId: 'peer' })).toEqual([]);
        }, { rollback: false });
        expect((await store.get({ id: id }))?.name).toBe('in-tx');
        expect((await store.list({})).jobs).toHaveLength(1);
        expect(ids(await claim(other, { workerId: 'peer' }))).toEqual([id]);
    });
}
//# sourceMappingURL=transaction.cases.js.map