/** A JSON round trip, as a JSON column would store it (undefined becomes null). */
function viaJson(value) {
    const text = JSON.stringify(value);
    return text === undefined ? null : JSON.parse(text);
}
/**
 * The job a fresh insert creates, built from its input: what a store returns for a new row without
 * reading it back. `scheduled` when runAt is still ahead of `now`, else `ready`. A store that has
 * already serialised payload and backoff passes those texts as `stored`, and they are parsed
 * instead of serialised a second time. `reusePayload` (`InsertParams.reusePayloads`): the job keeps
 * the input's own payload value, no copy.
 */
export function insertedJob(id, input, now, stored, reusePayload = false) {
    const runAt = input.runAt.getTime();
    return {
        id,
        queue: input.queue,
        name: input.name,
        payload: reusePayload ? input.payload : stored ? JSON.parse(stored.payload) : viaJson(input.payload),
        state: runAt > now.getTime() ? 'scheduled' : 'ready',
        priority: input.priority,
        attempts: 0,
        maxAttempts: input.maxAttempts,
        // A frozen backoff (the default one) cannot change behind the store: no copy needed.
        backoff: (Object.isFrozen(input.backoff) ? input.backoff : stored ? JSON.parse(stored.backoff) : viaJson(input.backoff)),
        timeoutMs: input.timeoutMs,
        runAt: new Date(runAt),
        groupKey: input.groupKey,
        uniqueKey: input.uniqueKey,
        result: null,
        lastError: null,
        progress: null,
        lockedBy: null,
        lockedUntil: null,
        createdAt: new Date(now.getTime()),
        startedAt: null,
        finishedAt: null,
        stats: null,
    };
}
//# sourceMappingURL=inserted-job.js.map