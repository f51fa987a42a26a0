import { newJob } from './new-job.js';
/**
 * Every case runs on an injected clock anchored here, far from the real one, so a store that reads
 * its own clock instead of the `now` it was given fails loudly.
 */
export const T0 = new Date('2030-01-01T00:00:00.000Z');
/** `T0 + ms`. */
export function at(ms) {
    return new Date(T0.getTime() + ms);
}
/** The clock at which most cases claim: one second after the jobs were inserted at T0. */
export const CLAIM_AT = at(1_000);
export const LEASE_MS = 30_000;
/** Inserts one job (due at T0 unless overridden) at T0 and returns it. */
export async function add(store, overrides = {}) {
    const [row] = await store.insert({ jobs: [newJob({ runAt: T0, ...overrides })], now: T0 });
    if (row === undefined)
        throw new Error('insert returned no row');
    return row.job;
}
/** Inserts a batch at T0 (each job due at T0 unless overridden) and returns the jobs in order. */
export async function addAll(store, overrides) {
    const rows = await store.insert({ jobs: overrides.map((o) => newJob({ runAt: T0, ...o })), now: T0 });
    return rows.map((row) => row.job);
}
/** Claims with the suite's defaults: worker `w1`, limit 100, 30 s lease, at CLAIM_AT. */
export function claim(store, params = {}) {
    return store.claim({ workerId: 'w1', limit: 100, leaseMs: LEASE_MS, now: CLAIM_AT, ...params });
}
/** Inserts one job and claims it; fails the case when the claim hands out anything else. */
export async function addAndClaim(store, overrides = {}, params = {}) {
    const job = await add(store, overrides);
    const claimed = await claim(store, params);
    const leased = claimed.find((j) => j.id === job.id);
    if (leased === undefined || claimed.length !== 1)
        throw new Error(`expected to claim exactly job ${job.id}, got [${claimed.map((j) => j.id).join(', ')}]`);
    return leased;
}
/** The job, which must exist. */
export async function mustGet(store, id) {
    const job = await store.get({ id });
    if (job === null)
        throw new Error(`job ${id} not found`);
    return job;
}
/** Ids of claimed jobs, in the order the store handed them out. */
export function ids(jobs) {
    return jobs.map((j) => j.id);
}
/** Waits for `condition` to hold, polling every 10 ms, failing after `timeoutMs`. */
export async function eventually(condition, what, timeoutMs = 3_000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline)
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}
/** A small deterministic random sequence (LCG), so concurrency cases are reproducible. */
export function seededRandom(seed) {
    let state = seed >>> 0;
    return () => {
        state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
        return state / 2 ** 32;
    };
}
//# sourceMappingURL=context.js.map