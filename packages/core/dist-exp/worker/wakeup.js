/**
 * The worker loop's one waiting point: it sleeps until `signal()` (a job finished, a notification,
 * stop) or until its timeout passes. A signal that comes while nobody waits is kept, so none is lost.
 */
export class Wakeup {
    #wake = null;
    #pending = false;
    /** Resolves to true when the timeout passed, false when signalled. `null` waits for a signal only. */
    wait(timeoutMs) {
        if (this.#pending) {
            this.#pending = false;
            return Promise.resolve(false);
        }
        return new Promise((resolve) => {
            let timer;
            this.#wake = (timedOut) => {
                clearTimeout(timer);
                this.#wake = null;
                resolve(timedOut);
            };
            if (timeoutMs !== null)
                timer = setTimeout(() => this.#wake?.(true), timeoutMs);
        });
    }
    signal() {
        if (this.#wake)
            this.#wake(false);
        else
            this.#pending = true;
    }
}
//# sourceMappingURL=wakeup.js.map