/** Markdown tables of a run, and the targets of issue 6 checked as ratios within the same run. */
import type { Scenario } from '../scenarios/scenario.js'
import type { Cell } from './runner.js'
import { fmt } from './stats.js'

export function scenarioTable(scenario: Pick<Scenario, 'title' | 'metrics'>, cells: Cell[], systems: readonly { name: string }[]): string {
  const header = `| system | ${scenario.metrics.map((m) => `${m} (median, min-max)`).join(' | ')} |`
  const rule = `|---|${scenario.metrics.map(() => '---:').join('|')}|`
  const rows = systems.flatMap((spec) => {
    const cell = cells.find((c) => c.system === spec.name)
    if (!cell) return []
    if (cell.skipped) return [`| ${spec.name} | ${scenario.metrics.map(() => 'n/a').join(' | ')} |`]
    const values = scenario.metrics.map((m) => {
      const s = cell.metrics[m]
      if (!s) return cell.errors.length ? `error: ${cell.errors[0]?.slice(0, 60)}` : '–'
      return s.runs.length > 1 ? `**${fmt(s.median)}** (${fmt(s.min)}–${fmt(s.max)})` : `**${fmt(s.median)}**`
    })
    return [`| ${spec.name} | ${values.join(' | ')} |`]
  })
  return [`### ${scenario.title}`, '', header, rule, ...rows, ''].join('\n')
}

export interface TargetCheck {
  target: string
  measured: string
  ratio: number
  needed: number
  /** True when met, false when missed, null when a side of the ratio was not measured. */
  met: boolean | null
}

type Lookup = (scenario: string, system: string, metric: string) => number | undefined

/** The targets of issue 6, each as measured / reference against the needed ratio. */
export function checkTargets(cells: Cell[]): TargetCheck[] {
  const get: Lookup = (scenario, system, metric) =>
    cells.find((c) => c.scenario === scenario && c.system === system)?.metrics[metric]?.median
  const atLeast = (target: string, ours: number | undefined, ref: number | undefined, needed: number): TargetCheck => {
    const ratio = ours !== undefined && ref !== undefined ? ours / ref : Number.NaN
    return {
      target,
      measured: `${fmt(ours ?? Number.NaN)} vs ${fmt(ref ?? Number.NaN)}`,
      ratio,
      needed,
      met: Number.isFinite(ratio) ? ratio >= needed : null,
    }
  }
  /** Lower is better (latency): ours / reference must stay at or under `limit`. */
  const atMost = (target: string, ours: number | undefined, ref: number | undefined, limit: number): TargetCheck => {
    const ratio = ours !== undefined && ref !== undefined ? ours / ref : Number.NaN
    return { target, measured: `${fmt(ours ?? Number.NaN)} vs ${fmt(ref ?? Number.NaN)} ms`, ratio, needed: limit, met: Number.isFinite(ratio) ? ratio <= limit : null }
  }
  const p50 = get('latency', '@queue-postgres', 'p50 ms')
  return [
    atLeast('PG drain >= 0.8x raw SKIP LOCKED batch-100', get('drain', '@queue-postgres', 'jobs/s'), get('drain', 'raw-pg-b100', 'jobs/s'), 0.8),
    atLeast('PG drain >= 2x graphile-worker batched', get('drain', '@queue-postgres', 'jobs/s'), get('drain', 'graphile-batched', 'jobs/s'), 2),
    {
      target: 'PG pickup p50 < 1.5 ms',
      measured: `${fmt(p50 ?? Number.NaN)} ms`,
      ratio: p50 ?? Number.NaN,
      needed: 1.5,
      met: p50 === undefined ? null : p50 < 1.5,
    },
    atMost('PG pickup p99 <= 1.2x raw loop p99', get('latency', '@queue-postgres', 'p99 ms'), get('latency', 'raw-pg-b1', 'p99 ms'), 1.2),
    atLeast('PG one-by-one enqueue >= 0.8x raw INSERT', get('one-by-one', '@queue-postgres', 'jobs/s'), get('one-by-one', 'raw-pg-b1', 'jobs/s'), 0.8),
    atLeast('PG bulk enqueue >= 0.5x raw multi-row INSERT', get('bulk', '@queue-postgres', 'jobs/s'), get('bulk', 'raw-pg-b1', 'jobs/s'), 0.5),
    atLeast('SQLite drain >= 0.5x raw better-sqlite3 batch-100', get('drain', '@queue-sqlite', 'jobs/s'), get('drain', 'raw-sqlite-b100', 'jobs/s'), 0.5),
    atLeast('Webhook intake >= 0.5x plain Fastify route', get('webhook', '@queue-server', 'req/s'), get('webhook', 'fastify-plain', 'req/s'), 0.5),
  ]
}

export function targetsTable(checks: TargetCheck[]): string {
  const rows = checks.map((c) => {
    const verdict = c.met === null ? 'not measured' : c.met ? 'met' : '**missed**'
    const ratio = c.target.includes('p50') ? '' : Number.isFinite(c.ratio) ? `${c.ratio.toFixed(2)}x` : '–'
    const needed = c.target.includes('p50') ? '' : `${c.needed.toFixed(2)}x`
    return `| ${c.target} | ${c.measured} | ${ratio} | ${needed} | ${verdict} |`
  })
  return ['### Targets (issue 6), ratios within this run', '', '| target | measured (ours vs reference) | ratio | needed | verdict |', '|---|---|---:|---:|---|', ...rows, ''].join('\n')
}
