import { hostname } from 'node:os'
import { getHeapStatistics } from 'node:v8'
import type { MemorySample, RunStats } from '../job/job.js'

/** Host name, read once: it is the same for every job this process runs. */
const HOST = hostname()

/** How long an RSS reading is reused. */
const RSS_REUSE_MS = 100

let rss = 0
let rssReadAt = Number.NEGATIVE_INFINITY

/**
 * Samples the process's memory (seed 002 records it before and after every job).
 *
 * Why not `process.memoryUsage()` per job: on this 2-core machine it costs ~12 µs (it reads
 * /proc/self/stat for the RSS), which at two samples per job would cap a worker below 40,000 jobs/s;
 * `v8.getHeapStatistics()` costs ~0.4 µs, so the heap is read per sample and the RSS at most every 100 ms.
 */
export function sampleMemory(): MemorySample {
  const now = performance.now()
  if (now - rssReadAt >= RSS_REUSE_MS) {
    rss = process.memoryUsage.rss()
    rssReadAt = now
  }
  return { rss, heapUsed: getHeapStatistics().used_heap_size }
}

/** The RunStats of an attempt that began at `startedAt` (a `performance.now()` reading). */
export function runStats(startedAt: number, memoryBefore: MemorySample): RunStats {
  const durationMs = Math.round((performance.now() - startedAt) * 1000) / 1000
  return { pid: process.pid, host: HOST, durationMs, memoryBefore, memoryAfter: sampleMemory() }
}

/** This machine's host name, as recorded in RunStats. */
export function hostName(): string {
  return HOST
}
