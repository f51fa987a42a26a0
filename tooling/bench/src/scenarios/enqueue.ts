/** Bulk enqueue (one call for N jobs) and one-by-one enqueue (one call, one commit per job). */
import { now } from '../harness/time.js'
import type { SystemSpec } from '../systems/system.js'
import { benchJobs, withSystem, type BenchConfig, type Metrics, type Scenario } from './scenario.js'
import { inTurns } from './turns.js'

/** Jobs each system enqueues before the next system's turn in the interleaved one-by-one run. */
export const ONE_BY_ONE_SLICE = 25

export const bulkEnqueue: Scenario = {
  name: 'bulk',
  title: 'Bulk enqueue',
  metrics: ['jobs/s'],
  higherIsBetter: true,
  run: (spec, config) =>
    withSystem(spec, async (system) => {
      const jobs = benchJobs(config.bulkJobs)
      const t0 = now()
      await system.enqueueMany(jobs)
      return { 'jobs/s': config.bulkJobs / ((now() - t0) / 1000) }
    }),
}

export const oneByOneEnqueue: Scenario = {
  name: 'one-by-one',
  title: 'One-by-one enqueue',
  metrics: ['jobs/s'],
  higherIsBetter: true,
  run: (spec, config) =>
    withSystem(spec, async (system) => {
      const jobs = benchJobs(config.oneByOneJobs)
      const t0 = now()
      const deadline = t0 + config.runTimeoutMs
      let done = 0
      for (const job of jobs) {
        await system.enqueueOne(job)
        done++
        if (now() > deadline) break
      }
      return { 'jobs/s': done / ((now() - t0) / 1000) }
    }),
  runTogether: oneByOneTogether,
}

/**
 * One-by-one enqueue of every system at once: each in turn enqueues ONE_BY_ONE_SLICE jobs, one
 * call and one commit each, and its rate is its jobs over the time of its own slices. Run one
 * after the other, two systems with the same INSERT (raw-pg-b1 and raw-pg-b100) read 1,112 and
 * 1,717 jobs/s in one repetition, because each commit waits for the disk and the disk's latency
 * moved within seconds (docs/benchmarks.md); in slices of 25 the drift falls on all of them.
 */
export function oneByOneTogether(specs: readonly SystemSpec[], config: BenchConfig): Promise<Map<string, Metrics | Error>> {
  return inTurns(specs, config, {
    start: async () => ({ jobs: benchJobs(config.oneByOneJobs), done: 0 }),
    more: (state) => state.done < state.jobs.length,
    turn: async (system, state) => {
      for (const job of state.jobs.slice(state.done, state.done + ONE_BY_ONE_SLICE)) {
        await system.enqueueOne(job)
        state.done++
      }
    },
    metrics: (state, ms) => ({ 'jobs/s': state.done / (ms / 1000) }),
  })
}
