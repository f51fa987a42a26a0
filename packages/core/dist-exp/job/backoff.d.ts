import type { Backoff } from './job.js';
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
export declare function backoffDelay(backoff: Backoff, attempt: number, random?: () => number): number;
/** The time of the next attempt: `now` plus `backoffDelay(...)`. */
export declare function nextAttemptAt(backoff: Backoff, attempt: number, now?: number, random?: () => number): Date;
/** Why a backoff is not valid, or null when it is. Used by the Queue to reject bad options early. */
export declare function backoffProblem(backoff: unknown): string | null;
//# sourceMappingURL=backoff.d.ts.map