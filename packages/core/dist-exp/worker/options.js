import { assertDuration, assertInteger, assertKnownKeys, assertName, InvalidOptionError } from '../queue/invalid-option.js';
const WORKER_OPTION_KEYS = new Set([
    'store',
    'handlers',
    'queues',
    'concurrency',
    'priority',
    'leaseMs',
    'heartbeatMs',
    'reclaimMs',
    'pollMs',
    'timeoutMs',
    'graceMs',
    'id',
    'logger',
    'onBeforeProcess',
    'onAfterProcess',
    'onError',
    'notifyAfterAttempts',
    'onNotify',
]);
const HOOKS = ['onBeforeProcess', 'onAfterProcess', 'onError', 'onNotify'];
/** Checks the options (throwing `InvalidOptionError`) and applies the defaults. */
export function workerSettings(options) {
    if (typeof options !== 'object' || options === null)
        throw new InvalidOptionError('options', 'must be an object');
    assertKnownKeys('Worker', options, WORKER_OPTION_KEYS);
    const s = options.store;
    if (typeof s?.claim !== 'function' || typeof s.settle !== 'function' || typeof s.renewLeases !== 'function') {
        throw new InvalidOptionError('store', 'must be a JobStore (claim, settle, renewLeases, ...)');
    }
    if (typeof options.handlers !== 'object' || options.handlers === null)
        throw new InvalidOptionError('handlers', 'must be an object of functions');
    for (const [name, handler] of Object.entries(options.handlers)) {
        if (typeof handler !== 'function')
            throw new InvalidOptionError(`handlers.${name}`, 'must be a function');
    }
    for (const hook of HOOKS) {
        if (options[hook] !== undefined && typeof options[hook] !== 'function')
            throw new InvalidOptionError(hook, 'must be a function');
    }
    if (options.logger !== undefined) {
        const l = options.logger;
        if (!l || typeof l.info !== 'function' || typeof l.warn !== 'function' || typeof l.error !== 'function' || typeof l.debug !== 'function') {
            throw new InvalidOptionError('logger', 'must have debug, info, warn and error methods');
        }
    }
    if (options.id !== undefined)
        assertName('id', options.id);
    if (options.notifyAfterAttempts !== undefined)
        assertInteger('notifyAfterAttempts', options.notifyAfterAttempts, 1);
    let queues;
    if (options.queues !== undefined) {
        if (!Array.isArray(options.queues))
            throw new InvalidOptionError('queues', 'must be an array of queue names');
        options.queues.forEach((q, i) => assertName(`queues[${i}]`, q));
        queues = options.queues.length > 0 ? [...options.queues] : undefined;
    }
    const concurrency = options.concurrency ?? 10;
    assertInteger('concurrency', concurrency, 1, 10_000);
    let priority;
    if (options.priority !== undefined) {
        const { min, max } = options.priority;
        if (min !== undefined)
            assertInteger('priority.min', min, -INT_LIMIT, INT_LIMIT);
        if (max !== undefined)
            assertInteger('priority.max', max, -INT_LIMIT, INT_LIMIT);
        if (min !== undefined && max !== undefined && min > max)
            throw new InvalidOptionError('priority', `min ${min} is above max ${max}`);
        priority = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    }
    const leaseMs = options.leaseMs ?? 30_000;
    assertInteger('leaseMs', leaseMs, 10);
    const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3));
    assertInteger('heartbeatMs', heartbeatMs, 1, leaseMs - 1);
    const reclaimMs = options.reclaimMs ?? Math.max(1, Math.floor(leaseMs / 2));
    assertInteger('reclaimMs', reclaimMs, 1);
    const poll = typeof options.pollMs === 'number' ? { min: options.pollMs, max: options.pollMs } : (options.pollMs ?? {});
    const pollMinMs = poll.min ?? 5;
    const pollMaxMs = poll.max ?? Math.max(1000, pollMinMs);
    assertDuration('pollMs.min', pollMinMs, 1);
    assertDuration('pollMs.max', pollMaxMs, pollMinMs);
    const timeoutMs = options.timeoutMs ?? null;
    if (timeoutMs !== null)
        assertInteger('timeoutMs', timeoutMs, 1);
    const graceMs = options.graceMs ?? 10_000;
    assertDuration('graceMs', graceMs);
    return { queues, concurrency, priority, leaseMs, heartbeatMs, reclaimMs, pollMinMs, pollMaxMs, timeoutMs, graceMs };
}
const INT_LIMIT = 2 ** 31 - 1;
//# sourceMappingURL=options.js.map