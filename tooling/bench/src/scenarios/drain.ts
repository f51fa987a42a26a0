/**
 * Drain: N no-op jobs already enqueued, workers at concurrency 10 in this process; timed from the
 * workers' start until every handler ran and the storage holds no unfinished job (so a batched
 * completion is counted only once it is written).
 */
import { deferred, now, sleep, waitFor } from '../harness/time.js'
import { benchJobs, withSystem, type Scenario } from './scenario.js'

export const drain: Scenario = {
  name: 'drain',
  title: 'Drain at concurrency 10',
  metrics: ['jobs/s'],
  higherIsBetter: true,
  run: (spec, config) =>
    withSystem(spec, async (system) => {
      const n = config.drainJobs
      await system.enqueueMany(benchJobs(n))
      let handled = 0
      const all = deferred()
      const t0 = now()
      await system.startWorkers({ concurrency: config.concurrency, onJob: () => void (++handled === n && all.resolve()) })
      await Promise.race([all.promise, sleep(config.runTimeoutMs)])
      if (handled >= n) await waitFor(async () => (await system.unfinished()) === 0, config.runTimeoutMs, 5)
      const elapsed = (now() - t0) / 1000
      await system.stopWorkers()
      return { 'jobs/s': Math.min(handled, n) / elapsed }
    }),
}
