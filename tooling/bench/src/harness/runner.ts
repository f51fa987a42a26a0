/**
 * Runs scenarios over systems, alternating the order every repetition (rotation) so that machine
 * drift hits every system alike, and summarizes each metric as median plus min-max.
 */
import type { BenchConfig, Metrics, Scenario } from '../scenarios/scenario.js'
import type { SystemSpec } from '../systems/system.js'
import { summarize, type Summary } from './stats.js'
import { sleep } from './time.js'

export interface Cell {
  scenario: string
  system: string
  metrics: Record<string, Summary>
  errors: string[]
  skipped?: string
}

/** Rotates `items` left by `by`, so repetition r starts with a different system. */
function rotate<T>(items: readonly T[], by: number): T[] {
  const k = items.length === 0 ? 0 : by % items.length
  return [...items.slice(k), ...items.slice(0, k)]
}

async function guarded<T>(label: string, ms: number, body: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${label} exceeded ${ms} ms`)), ms)))
  try {
    return await Promise.race([body(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

export async function runScenario(scenario: Scenario, systems: SystemSpec[], config: BenchConfig, log: (line: string) => void): Promise<Cell[]> {
  const runs = new Map<string, { values: Record<string, number[]>; errors: string[] }>()
  const runnable = systems.filter((s) => !scenario.skip?.(s))
  for (const s of runnable) runs.set(s.name, { values: Object.fromEntries(scenario.metrics.map((m) => [m, []])), errors: [] })
  const record = (system: string, rep: number, outcome: Metrics | Error): void => {
    const entry = runs.get(system)!
    if (outcome instanceof Error) {
      const message = outcome.message.split('\n')[0] ?? String(outcome)
      entry.errors.push(message)
      log(`  ${scenario.name} #${rep + 1} ${system}: ERROR ${message}`)
      return
    }
    for (const m of scenario.metrics) entry.values[m]!.push(outcome[m] ?? Number.NaN)
    log(`  ${scenario.name} #${rep + 1} ${system}: ${scenario.metrics.map((m) => `${m}=${(outcome[m] ?? Number.NaN).toFixed(2)}`).join(' ')}`)
  }
  for (let rep = 0; rep < Math.min(scenario.repetitions ?? config.repetitions, config.repetitions); rep++) {
    if (scenario.runTogether !== undefined) {
      const order = rotate(runnable, rep)
      let together: Map<string, Metrics | Error>
      try {
        together = await guarded(`${scenario.name} (all systems)`, (config.runTimeoutMs * 2 + 60_000) * Math.max(1, order.length), () => (scenario.runTogether as NonNullable<Scenario['runTogether']>)(order, config))
      } catch (error) {
        together = new Map(order.map((spec) => [spec.name, error as Error]))
      }
      for (const spec of order) record(spec.name, rep, together.get(spec.name) ?? new Error('no result'))
      continue
    }
    for (const spec of rotate(runnable, rep)) {
      try {
        // Generous outer guard: setup, seeding and teardown come on top of the measured part.
        record(spec.name, rep, await guarded(`${scenario.name}/${spec.name}`, config.runTimeoutMs * 4 + 120_000, () => scenario.run(spec, config)))
      } catch (error) {
        record(spec.name, rep, error as Error)
      }
      await sleep(200)
    }
  }
  const cells: Cell[] = systems.map((spec) => {
    const skipped = scenario.skip?.(spec)
    if (skipped) return { scenario: scenario.name, system: spec.name, metrics: {}, errors: [], skipped }
    const entry = runs.get(spec.name)!
    const metrics = Object.fromEntries(
      Object.entries(entry.values).filter(([, v]) => v.length > 0).map(([m, v]) => [m, summarize(v)]),
    )
    return { scenario: scenario.name, system: spec.name, metrics, errors: entry.errors }
  })
  return cells
}
