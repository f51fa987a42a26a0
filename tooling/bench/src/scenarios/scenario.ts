/** What every scenario shares: its configuration, its result shape and a guarded system lifecycle. */
import type { BenchJob, System, SystemSpec } from '../systems/system.js'
import { now } from '../harness/time.js'

export interface BenchConfig {
  quick: boolean
  repetitions: number
  bulkJobs: number
  oneByOneJobs: number
  drainJobs: number
  concurrency: number
  latencySamples: number
  sustainedFinished: number
  sustainedSeconds: number
  /** Jobs per second offered by the producer of the sustained scenario. */
  sustainedRate: number
  memoryJobs: number
  /** The memory drain stops after this long and reports how far it got. */
  memorySeconds: number
  webhookSeconds: number
  /** A run of one system in one scenario stops after this long and reports what it did. */
  runTimeoutMs: number
}

export function config(quick: boolean): BenchConfig {
  return quick
    ? {
        quick, repetitions: 1, bulkJobs: 5_000, oneByOneJobs: 100, drainJobs: 3_000, concurrency: 10, latencySamples: 30,
        sustainedFinished: 20_000, sustainedSeconds: 1.5, sustainedRate: 2_000, memoryJobs: 20_000, memorySeconds: 8, webhookSeconds: 2, runTimeoutMs: 4_000,
      }
    : {
        quick, repetitions: 3, bulkJobs: 20_000, oneByOneJobs: 2_000, drainJobs: 20_000, concurrency: 10, latencySamples: 400,
        sustainedFinished: 1_000_000, sustainedSeconds: 5, sustainedRate: 2_000, memoryJobs: 200_000, memorySeconds: 60, webhookSeconds: 4, runTimeoutMs: 10_000,
      }
}

/** The numbers one run of one system produced, by metric name. */
export type Metrics = Record<string, number>

export interface Scenario {
  name: string
  title: string
  /** Metric names in table order, with units, e.g. `['jobs/s']` or `['p50 ms', 'p95 ms', 'p99 ms']`. */
  metrics: string[]
  /** Overrides the configured repetitions (the sustained run seeds a million rows per system: once). */
  repetitions?: number
  /** Which metric is better when higher (throughput) or lower (latency). */
  higherIsBetter: boolean
  /** Systems that cannot run this scenario meaningfully are skipped with the reason. */
  skip?(spec: SystemSpec): string | null
  run(spec: SystemSpec, config: BenchConfig): Promise<Metrics>
  /**
   * Runs every system of one repetition at once, interleaved in short slices, instead of one after
   * the other (`run`): for a scenario bound by commit latency, whose speed drifts with the host
   * within seconds, so that the drift hits every system alike. A system that failed maps to its error.
   */
  runTogether?(specs: readonly SystemSpec[], config: BenchConfig): Promise<Map<string, Metrics | Error>>
}

export function benchJobs(n: number, from = 0): BenchJob[] {
  const t = now()
  return Array.from({ length: n }, (_, k) => ({ i: from + k, t }))
}

/** Runs `body` on a freshly set up system and always tears it down. */
export async function withSystem<T>(spec: SystemSpec, body: (system: System) => Promise<T>): Promise<T> {
  const system = spec.create()
  await system.setup()
  try {
    return await body(system)
  } finally {
    await system.teardown().catch((error: unknown) => console.error(`teardown of ${spec.name} failed:`, (error as Error).message))
  }
}
