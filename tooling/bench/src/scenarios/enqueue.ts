/** Bulk enqueue (one call for N jobs) and one-by-one enqueue (one call, one commit per job). */
import { now } from '../harness/time.js'
import { benchJobs, withSystem, type Scenario } from './scenario.js'

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
}
