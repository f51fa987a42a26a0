/**
 * A complete `NewJob` for store tests: queue `default`, priority 500, due now, 3 attempts, fixed
 * 1 s backoff, no group and no unique key; `overrides` replace any field.
 *
 * @example
 * await store.insert({ jobs: [newJob({ queue: 'emails', priority: 800 })] })
 */
export function newJob(overrides = {}) {
    return {
        name: 'test.job',
        queue: 'default',
        payload: {},
        priority: 500,
        runAt: new Date(),
        maxAttempts: 3,
        backoff: { type: 'fixed', delayMs: 1000 },
        timeoutMs: null,
        groupKey: null,
        uniqueKey: null,
        ...overrides,
    };
}
//# sourceMappingURL=new-job.js.map