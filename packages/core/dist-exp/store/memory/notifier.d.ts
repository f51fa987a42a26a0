import type { Notifier } from '../port.js';
/**
 * Wake-ups inside one process. Listeners run on a microtask after `notify`, never inside the store
 * call that caused it, so a worker reacting to a wake-up cannot re-enter a half-finished operation.
 */
export declare class MemoryNotifier implements Notifier {
    #private;
    listen(onWake: (queue: string) => void): Promise<() => Promise<void>>;
    notify(queue: string): Promise<void>;
    /** Wakes every listener once per distinct queue. */
    wake(queues: Iterable<string>): void;
    /** Drops every listener (the store was closed). */
    clear(): void;
}
//# sourceMappingURL=notifier.d.ts.map