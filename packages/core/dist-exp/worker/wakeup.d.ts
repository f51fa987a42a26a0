/**
 * The worker loop's one waiting point: it sleeps until `signal()` (a job finished, a notification,
 * stop) or until its timeout passes. A signal that comes while nobody waits is kept, so none is lost.
 */
export declare class Wakeup {
    #private;
    /** Resolves to true when the timeout passed, false when signalled. `null` waits for a signal only. */
    wait(timeoutMs: number | null): Promise<boolean>;
    signal(): void;
}
//# sourceMappingURL=wakeup.d.ts.map