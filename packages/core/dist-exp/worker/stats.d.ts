import type { MemorySample, RunStats } from '../job/job.js';
/**
 * Samples the process's memory (seed 002 records it before and after every job).
 *
 * Measured on this 2-core machine: `process.memoryUsage()` costs ~12 µs (it reads /proc for the RSS)
 * and `v8.getHeapStatistics()` ~0.4-1 µs plus an object, against a per-job budget of a few µs. So
 * the RSS is read at most every 100 ms, the heap at most every millisecond, and the (frozen) sample
 * is shared by the jobs in between: a job that short shows no memory change worth measuring anyway.
 */
export declare function sampleMemory(): MemorySample;
/** The RunStats of an attempt that began at `startedAt` (a `performance.now()` reading). */
export declare function runStats(startedAt: number, memoryBefore: MemorySample): RunStats;
/** This machine's host name, as recorded in RunStats. */
export declare function hostName(): string;
//# sourceMappingURL=stats.d.ts.map