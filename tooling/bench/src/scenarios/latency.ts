/**
 * Pickup latency: jobs enqueued one at a time into idle workers, from the enqueue call to the
 * handler's start, in one process. Between jobs the harness waits 5-15 ms so the workers are idle
 * (the number measures the wake-up path, not a busy loop's next claim).
 */
import { percentile } from '../harness/stats.js'
import { deferred, now, sleep } from '../harness/time.js'
import type { System, SystemSpec } from '../systems/system.js'
import { withSystem, type BenchConfig, type Metrics, type Scenario } from './scenario.js'

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
export async function latencyTogether(specs: readonly SystemSpec[], config: BenchConfig): Promise<Map<string, Metrics | Error>> {
  const results = new Map<string, Metrics | Error>()
  const running: { spec: SystemSpec; system: System; started: { next: ReturnType<typeof deferred<number>> }; samples: number[]; ms: number }[] = []
  try {
    for (const spec of specs) {
      const system = spec.create()
      const started = { next: deferred<number>() }
      try {
        await system.setup()
      } catch (error) {
        results.set(spec.name, error as Error)
        await system.teardown().catch(() => {})
        continue
      }
      running.push({ spec, system, started, samples: [], ms: 0 })
      await system.startWorkers({ concurrency: config.concurrency, onJob: (job) => started.next.resolve(now() - job.t) }).catch((error: unknown) => results.set(spec.name, error as Error))
    }
    await sleep(300)
    for (let k = 0; k < config.latencySamples + WARMUP; k++) {
      const turn = running.filter((r) => r.ms < config.runTimeoutMs && !results.has(r.spec.name))
      if (turn.length === 0) break
      for (let j = 0; j < turn.length; j++) {
        const r = turn[(j + k) % turn.length] as (typeof turn)[number]
        const t0 = now()
        try {
          const ms = await sample(r.system, k, r.started)
          if (k >= WARMUP) r.samples.push(ms)
        } catch (error) {
          results.set(r.spec.name, error as Error)
        }
        r.ms += now() - t0
      }
    }
    for (const r of running) if (!results.has(r.spec.name)) results.set(r.spec.name, summary(r.samples))
    return results
  } finally {
    for (const r of running) {
      await r.system.stopWorkers().catch(() => {})
      await r.system.teardown().catch((error: unknown) => console.error(`teardown of ${r.spec.name} failed:`, (error as Error).message))
    }
  }
}
