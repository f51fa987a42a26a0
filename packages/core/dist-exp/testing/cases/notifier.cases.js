import { expect } from 'vitest';
import { add, eventually } from '../context.js';
export function notifierCases(it) {
    it('wakes notifier listeners for a queue until they unsubscribe', async ({ store, skip }) => {
        const notifier = store.notifier;
        if (notifier === undefined)
            return skip('the store has no notifier');
        const first = [];
        const second = [];
        const stopFirst = await notifier.listen((queue) => first.push(queue));
        const stopSecond = await notifier.listen((queue) => second.push(queue));
        try {
            await notifier.notify('emails');
            await eventually(() => first.includes('emails') && second.includes('emails'), 'both listeners to hear "emails"');
            await stopFirst();
            await notifier.notify('after');
            await eventually(() => second.includes('after'), 'the remaining listener to hear "after"');
            expect(first).not.toContain('after');
        }
        finally {
            await stopSecond();
        }
    });
    it('wakes listeners when ready jobs are inserted', async ({ store, skip }) => {
        const notifier = store.notifier;
        if (notifier === undefined)
            return skip('the store has no notifier');
        const heard = [];
        const stop = await notifier.listen((queue) => heard.push(queue));
        try {
            await add(store, { queue: 'reports' });
            await eventually(() => heard.includes('reports'), 'a wake-up for queue "reports"');
        }
        finally {
            await stop();
        }
    });
}
//# sourceMappingURL=notifier.cases.js.map