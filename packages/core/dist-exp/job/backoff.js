/**
 * The delay before the next attempt, in milliseconds, after `attempt` attempts have failed
 * (`attempt` is 1 after the first failure).
 *
 * Exponential back-off doubles from `baseMs` and is capped at `maxMs` (seed 002: double each time,
 * at most 16 minutes). Jitter (on unless `jitter: false`) draws the delay uniformly from
 * [75 %, 100 %] of that value, so a burst of jobs that failed together (a downstream outage) does not
 * retry in lock-step, while the cap still holds and the delay still grows with every attempt.
 *
 * @param random - a source of numbers in [0, 1); tests pass a fixed one.
 */
export function backoffDelay(backoff, attempt, random = Math.random) {
    if (backoff.type === 'fixed')
        return backoff.delayMs;
    const exponent = Math.max(0, Math.floor(attempt) - 1);
    // 2 ** 1024 is Infinity, and Math.min(Infinity, maxMs) still caps it, so no overflow guard is needed.
    const capped = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
    if (backoff.jitter === false)
        return capped;
    return Math.round(capped * (0.75 + 0.25 * random()));
}
/** The time of the next attempt: `now` plus `backoffDelay(...)`. */
export function nextAttemptAt(backoff, attempt, now = Date.now(), random) {
    return new Date(now + backoffDelay(backoff, attempt, random));
}
/** Why a backoff is not valid, or null when it is. Used by the Queue to reject bad options early. */
export function backoffProblem(backoff) {
    if (typeof backoff !== 'object' || backoff === null)
        return 'must be an object';
    const b = backoff;
    if (b.type === 'fixed') {
        if (!isDelay(b.delayMs))
            return 'fixed backoff needs delayMs, a finite number >= 0';
        return null;
    }
    if (b.type === 'exponential') {
        if (!isDelay(b.baseMs) || b.baseMs === 0)
            return 'exponential backoff needs baseMs, a finite number > 0';
        if (!isDelay(b.maxMs) || b.maxMs < b.baseMs)
            return 'exponential backoff needs maxMs, a finite number >= baseMs';
        if (b.jitter !== undefined && typeof b.jitter !== 'boolean')
            return 'jitter must be a boolean';
        return null;
    }
    return "type must be 'exponential' or 'fixed'";
}
function isDelay(value) {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
//# sourceMappingURL=backoff.js.map