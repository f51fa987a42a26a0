/**
 * Sustained: a producer enqueues batches of 20 every 10 ms while the workers process, with the
 * table already holding many finished jobs (1,000,000 in the full run) — finished jobs must not
 * slow claiming. Reports completed jobs/s over the run and enqueue -> handler-start latency.
 */
import { percentile } from '../harness/stats.js'
import { deferred, now, sleep } from '../harness/time.js'
import { benchJobs, withSystem, type Scenario } from './scenario.js'

const BATCH = 20

export const sustained: Scenario = {
  name: 'sustained',
  title: 'Sustained enqueue + processing over finished jobs',
  metrics: ['jobs/s', 'p50 ms', 'p99 ms', 'finished rows'],
  higherIsBetter: true,
  repetitions: 1,
  run: (spec, config) =>
    withSystem(spec, async (system) => {
      let seeded = 0
      if (system.seedFinished) {
        await system.seedFinished(config.sustainedFinished)
        seeded = config.sustainedFinished
      }
      const latencies: number[] = []
      let produced = 0
      const caughtUp = deferred()
      let producing = true
      await system.startWorkers({
        concurrency: config.concurrency,
        onJob: (job) => {
          latencies.push(now() - job.t)
          if (!producing && latencies.length >= produced) caughtUp.resolve()
        },
      })
      const interval = (BATCH / config.sustainedRate) * 1000
      const t0 = now()
      for (let tick = 0; now() - t0 < config.sustainedSeconds * 1000; tick++) {
        await system.enqueueMany(benchJobs(BATCH, produced))
        produced += BATCH
        const next = t0 + (tick + 1) * interval
        if (next > now()) await sleep(next - now())
      }
      producing = false
      if (latencies.length >= produced) caughtUp.resolve()
      await Promise.race([caughtUp.promise, sleep(config.runTimeoutMs)])
      const elapsed = (now() - t0) / 1000
      await system.stopWorkers()
      return {
        'jobs/s': latencies.length / elapsed,
        'p50 ms': percentile(latencies, 50),
        'p99 ms': percentile(latencies, 99),
        'finished rows': seeded,
      }
    }),
}
