/**
 * Pickup latency: jobs enqueued one at a time into idle workers, from the enqueue call to the
 * handler's start, in one process. Between jobs the harness waits 5-15 ms so the workers are idle
 * (the number measures the wake-up path, not a busy loop's next claim).
 */
import { percentile } from '../harness/stats.js'
import { deferred, now, sleep } from '../harness/time.js'
import type { System, SystemSpec } from '../systems/system.js'
import { withSystem, type BenchConfig, type Metrics, type Scenario } from './scenario.js'
import { inTurns } from './turns.js'

const TIMEOUT_MS = 5_000
const WARMUP = 10

function summary(samples: readonly number[]): Metrics {
  return { 'p50 ms': percentile(samples, 50), 'p95 ms': percentile(samples, 95), 'p99 ms': percentile(samples, 99) }
}

/** One sample: enqueue one job, wait for its handler to start (TIMEOUT_MS at most), then let the workers idle again. */
async function sample(system: System, k: number, started: { next: ReturnType<typeof deferred<number>> }): Promise<number> {
  started.next = deferred<number>()
  await system.enqueueOne({ i: k, t: now() })
  const ms = await Promise.race([started.next.promise, sleep(TIMEOUT_MS).then(() => TIMEOUT_MS)])
  await sleep(5 + Math.random() * 10)
  return ms
}

export const latency: Scenario = {
  name: 'latency',
  title: 'Pickup latency at idle (enqueue call -> handler start)',
  metrics: ['p50 ms', 'p95 ms', 'p99 ms'],
  higherIsBetter: false,
  run: (spec, config) =>
    withSystem(spec, async (system) => {
      const started = { next: deferred<number>() }
      await system.startWorkers({ concurrency: config.concurrency, onJob: (job) => started.next.resolve(now() - job.t) })
      await sleep(300)
      const samples: number[] = []
      const deadline = now() + config.runTimeoutMs
      for (let k = 0; k < config.latencySamples + WARMUP && now() < deadline; k++) {
        const ms = await sample(system, k, started)
        if (k >= WARMUP) samples.push(ms)
      }
      await system.stopWorkers()
      return summary(samples)
    }),
  runTogether: latencyTogether,
}

/**
 * Every system of a repetition idles at once, and the samples go round: one job into each system in
 * turn. Each pickup waits for an insert's commit, and the disk's latency drifts within seconds: run
 * one after the other, raw-pg-b100's p50 read 2.80-3.43 ms across the repetitions of one run, in
 * turns 2.76-2.92 (docs/benchmarks.md). Taken in turns, the drift falls on every system alike.
 */
export function latencyTogether(specs: readonly SystemSpec[], config: BenchConfig): Promise<Map<string, Metrics | Error>> {
  return inTurns(specs, config, {
    start: async (system) => {
      const state = { started: { next: deferred<number>() }, samples: [] as number[] }
      await system.startWorkers({ concurrency: config.concurrency, onJob: (job) => state.started.next.resolve(now() - job.t) })
      return state
    },
    warmupMs: 300,
    more: (_state, round) => round < config.latencySamples + WARMUP,
    turn: async (system, state, round) => {
      const ms = await sample(system, round, state.started)
      if (round >= WARMUP) state.samples.push(ms)
    },
    metrics: (state) => summary(state.samples),
    stop: (system) => system.stopWorkers(),
  })
}
