/** Bulk enqueue (one call for N jobs) and one-by-one enqueue (one call, one commit per job). */
import { now } from '../harness/time.js'
import type { System, SystemSpec } from '../systems/system.js'
import { benchJobs, withSystem, type BenchConfig, type Metrics, type Scenario } from './scenario.js'

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
export async function oneByOneTogether(specs: readonly SystemSpec[], config: BenchConfig): Promise<Map<string, Metrics | Error>> {
  const results = new Map<string, Metrics | Error>()
  const running: { spec: SystemSpec; system: System; jobs: ReturnType<typeof benchJobs>; done: number; ms: number }[] = []
  try {
    for (const spec of specs) {
      const system = spec.create()
      try {
        await system.setup()
        running.push({ spec, system, jobs: benchJobs(config.oneByOneJobs), done: 0, ms: 0 })
      } catch (error) {
        results.set(spec.name, error as Error)
        await system.teardown().catch(() => {})
      }
    }
    // Until every system enqueued its jobs or spent its time budget, in slices, rotating who goes first.
    for (let round = 0; ; round++) {
      const turn = running.filter((r) => r.done < r.jobs.length && r.ms < config.runTimeoutMs && !results.has(r.spec.name))
      if (turn.length === 0) break
      for (let k = 0; k < turn.length; k++) {
        const r = turn[(k + round) % turn.length] as (typeof turn)[number]
        const t0 = now()
        try {
          for (const job of r.jobs.slice(r.done, r.done + ONE_BY_ONE_SLICE)) {
            await r.system.enqueueOne(job)
            r.done++
          }
        } catch (error) {
          results.set(r.spec.name, error as Error)
        }
        r.ms += now() - t0
      }
    }
    for (const r of running) if (!results.has(r.spec.name)) results.set(r.spec.name, { 'jobs/s': r.done / (r.ms / 1000) })
    return results
  } finally {
    for (const r of running) await r.system.teardown().catch((error: unknown) => console.error(`teardown of ${r.spec.name} failed:`, (error as Error).message))
  }
}
