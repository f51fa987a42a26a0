/** A minimal typed emitter; a listener that throws is reported to `onListenerError`, never to the worker loop. */
export class WorkerEmitter {
    onListenerError;
    #listeners = new Map();
    constructor(onListenerError) {
        this.onListenerError = onListenerError;
    }
    on(event, listener) {
        let set = this.#listeners.get(event);
        if (!set)
            this.#listeners.set(event, (set = new Set()));
        set.add(listener);
        return () => this.off(event, listener);
    }
    off(event, listener) {
        this.#listeners.get(event)?.delete(listener);
    }
    /** True when someone listens, so callers can skip building arguments nobody reads. */
    has(event) {
        return (this.#listeners.get(event)?.size ?? 0) > 0;
    }
    emit(event, ...args) {
        const set = this.#listeners.get(event);
        if (!set || set.size === 0)
            return;
        for (const listener of set) {
            try {
                ;
                listener(...args);
            }
            catch (error) {
                if (event === 'error')
                    continue; // never loop on a throwing error listener
                this.onListenerError(error, event);
            }
        }
    }
}
//# sourceMappingURL=events.js.map