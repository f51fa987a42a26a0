/**
 * Pickup latency: jobs enqueued one at a time into idle workers, from the enqueue call to the
 * handler's start, in one process. Between jobs the harness waits 5-15 ms so the workers are idle
 * (the number measures the wake-up path, not a busy loop's next claim).
 */
import { percentile } from '../harness/stats.js'
import { deferred, now, sleep } from '../harness/time.js'
import { withSystem, type Scenario } from './scenario.js'

const TIMEOUT_MS = 5_000

export const latency: Scenario = {
  name: 'latency',
  title: 'Pickup latency at idle (enqueue call -> handler start)',
  metrics: ['p50 ms', 'p95 ms', 'p99 ms'],
  higherIsBetter: false,
  run: (spec, config) =>
    withSystem(spec, async (system) => {
      let pending = deferred<number>()
      await system.startWorkers({ concurrency: config.concurrency, onJob: (job) => pending.resolve(now() - job.t) })
      await sleep(300)
      const samples: number[] = []
      const warmup = 10
      const deadline = now() + config.runTimeoutMs
      for (let k = 0; k < config.latencySamples + warmup && now() < deadline; k++) {
        pending = deferred<number>()
        await system.enqueueOne({ i: k, t: now() })
        const ms = await Promise.race([pending.promise, sleep(TIMEOUT_MS).then(() => TIMEOUT_MS)])
        if (k >= warmup) samples.push(ms)
        await sleep(5 + Math.random() * 10)
      }
      await system.stopWorkers()
      return { 'p50 ms': percentile(samples, 50), 'p95 ms': percentile(samples, 95), 'p99 ms': percentile(samples, 99) }
    }),
}
