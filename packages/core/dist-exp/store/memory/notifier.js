/**
 * Wake-ups inside one process. Listeners run on a microtask after `notify`, never inside the store
 * call that caused it, so a worker reacting to a wake-up cannot re-enter a half-finished operation.
 */
export class MemoryNotifier {
    #listeners = new Set();
    async listen(onWake) {
        // Wrap so the same callback registered twice gets two independent subscriptions.
        const listener = (queue) => onWake(queue);
        this.#listeners.add(listener);
        return async () => {
            this.#listeners.delete(listener);
        };
    }
    async notify(queue) {
        this.wake([queue]);
    }
    /** Wakes every listener once per distinct queue. */
    wake(queues) {
        const distinct = [...new Set(queues)];
        if (distinct.length === 0 || this.#listeners.size === 0)
            return;
        const listeners = [...this.#listeners];
        queueMicrotask(() => {
            for (const queue of distinct) {
                for (const listener of listeners) {
                    try {
                        listener(queue);
                    }
                    catch {
                        // A listener's own failure must not stop the others from waking.
                    }
                }
            }
        });
    }
    /** Drops every listener (the store was closed). */
    clear() {
        this.#listeners.clear();
    }
}
//# sourceMappingURL=notifier.js.map