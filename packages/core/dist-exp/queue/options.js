import { backoffProblem } from '../job/backoff.js';
import { JOB_DEFAULTS } from '../job/job.js';
import { assertDuration, assertInteger, assertKnownKeys, assertName, InvalidOptionError } from './invalid-option.js';
const ADD_OPTION_KEYS = new Set([
    'queue',
    'priority',
    'runAt',
    'delayMs',
    'groupKey',
    'uniqueKey',
    'maxAttempts',
    'backoff',
    'timeoutMs',
    'tx',
]);
/** Largest magnitude of a priority; the SQL stores keep it in a signed 32-bit column. */
const PRIORITY_LIMIT = 2 ** 31 - 1;
/**
 * Checks `options` and builds the complete `NewJob` the store receives, every default applied.
 * Throws `InvalidOptionError` on the first problem found.
 */
export function toNewJob(name, payload, options, now) {
    assertName('name', name);
    const o = options ?? {};
    if (typeof o !== 'object')
        throw new InvalidOptionError('options', 'must be an object');
    assertKnownKeys('options', o, ADD_OPTION_KEYS);
    const queue = o.queue ?? JOB_DEFAULTS.queue;
    assertName('queue', queue);
    const priority = o.priority ?? JOB_DEFAULTS.priority;
    assertInteger('priority', priority, -PRIORITY_LIMIT, PRIORITY_LIMIT);
    const maxAttempts = o.maxAttempts ?? JOB_DEFAULTS.maxAttempts;
    assertInteger('maxAttempts', maxAttempts, 1);
    const backoff = o.backoff ?? JOB_DEFAULTS.backoff;
    const problem = backoffProblem(backoff);
    if (problem)
        throw new InvalidOptionError('backoff', problem);
    const timeoutMs = o.timeoutMs ?? null;
    if (timeoutMs !== null)
        assertInteger('timeoutMs', timeoutMs, 1);
    const groupKey = o.groupKey ?? null;
    if (groupKey !== null)
        assertName('groupKey', groupKey);
    const uniqueKey = o.uniqueKey ?? null;
    if (uniqueKey !== null)
        assertName('uniqueKey', uniqueKey);
    return {
        name,
        queue,
        // JSON has no undefined; a job without a payload stores null.
        payload: payload === undefined ? null : payload,
        priority,
        runAt: runAtOf(o, now),
        maxAttempts,
        backoff,
        timeoutMs,
        groupKey,
        uniqueKey,
    };
}
function runAtOf(o, now) {
    if (o.runAt !== undefined && o.delayMs !== undefined) {
        throw new InvalidOptionError('runAt', 'give runAt or delayMs, not both');
    }
    if (o.runAt !== undefined) {
        if (!(o.runAt instanceof Date) || Number.isNaN(o.runAt.getTime())) {
            throw new InvalidOptionError('runAt', 'must be a valid Date (use delayMs for a relative delay)');
        }
        return new Date(o.runAt.getTime());
    }
    if (o.delayMs !== undefined) {
        assertDuration('delayMs', o.delayMs);
        return new Date(now + o.delayMs);
    }
    return new Date(now);
}
//# sourceMappingURL=options.js.map