import { hostname } from 'node:os';
import { getHeapStatistics } from 'node:v8';
/** Host name, read once: it is the same for every job this process runs. */
const HOST = hostname();
/** How long an RSS reading is reused. */
const RSS_REUSE_MS = 100;
/** How long a whole sample is reused: jobs that start or end within the same millisecond share one. */
const SAMPLE_REUSE_MS = 1;
let rss = 0;
let rssReadAt = Number.NEGATIVE_INFINITY;
let last = { rss: 0, heapUsed: 0 };
let lastAt = Number.NEGATIVE_INFINITY;
/**
 * Samples the process's memory (seed 002 records it before and after every job).
 *
 * Measured on this 2-core machine: `process.memoryUsage()` costs ~12 µs (it reads /proc for the RSS)
 * and `v8.getHeapStatistics()` ~0.4-1 µs plus an object, against a per-job budget of a few µs. So
 * the RSS is read at most every 100 ms, the heap at most every millisecond, and the (frozen) sample
 * is shared by the jobs in between: a job that short shows no memory change worth measuring anyway.
 */
export function sampleMemory() {
    const now = performance.now();
    if (now - lastAt < SAMPLE_REUSE_MS)
        return last;
    if (now - rssReadAt >= RSS_REUSE_MS) {
        rss = process.memoryUsage.rss();
        rssReadAt = now;
    }
    last = Object.freeze({ rss, heapUsed: getHeapStatistics().used_heap_size });
    lastAt = now;
    return last;
}
/** The RunStats of an attempt that began at `startedAt` (a `performance.now()` reading). */
export function runStats(startedAt, memoryBefore) {
    const durationMs = Math.round((performance.now() - startedAt) * 1000) / 1000;
    return { pid: process.pid, host: HOST, durationMs, memoryBefore, memoryAfter: sampleMemory() };
}
/** This machine's host name, as recorded in RunStats. */
export function hostName() {
    return HOST;
}
//# sourceMappingURL=stats.js.map