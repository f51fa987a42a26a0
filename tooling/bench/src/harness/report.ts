/** Markdown tables of a run, and the targets of issue 6 checked as ratios within the same run. */
import type { Scenario } from '../scenarios/scenario.js'
import type { Cell } from './runner.js'
import { fmt, median } from './stats.js'

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
  /** The median of the ratios repetition by repetition (see `pairedRatio`); NaN when not comparable. */
  paired?: number
}

type Lookup = (scenario: string, system: string, metric: string) => number | undefined

/**
 * ours / reference per repetition, then the median. In each repetition the two run back to back
 * (the runner rotates the order), so a machine that speeds up or slows down between repetitions
 * moves both alike; the ratio of the two medians mixes repetitions of different speeds. Only when
 * both sides have every repetition without an error, else NaN. Shown beside the verdict, which
 * stays on the ratio of medians.
 */
export function pairedRatio(cells: readonly Cell[], scenario: string, ours: string, reference: string, metric: string): number {
  const cell = (system: string): Cell | undefined => cells.find((c) => c.scenario === scenario && c.system === system)
  const a = cell(ours)
  const b = cell(reference)
  const x = a?.metrics[metric]?.runs
  const y = b?.metrics[metric]?.runs
  if (!a || !b || a.errors.length > 0 || b.errors.length > 0 || !x || !y || x.length !== y.length || x.length === 0) return Number.NaN
  const ratios = x.map((v, i) => v / (y[i] as number))
  return ratios.every(Number.isFinite) ? median(ratios) : Number.NaN
}

/** The targets of issue 6, each as measured / reference against the needed ratio. */
export function checkTargets(cells: Cell[]): TargetCheck[] {
  const get: Lookup = (scenario, system, metric) =>
    cells.find((c) => c.scenario === scenario && c.system === system)?.metrics[metric]?.median
  /**
   * ours / reference of `metric` in `scenario`, against `needed`: at least it (throughput), or
   * with `atMost` at most it (latency, in ms).
   */
  const compare = (target: string, scenario: string, ours: string, ref: string, metric: string, needed: number, atMost = false): TargetCheck => {
    const a = get(scenario, ours, metric)
    const b = get(scenario, ref, metric)
    const ratio = a !== undefined && b !== undefined ? a / b : Number.NaN
    return {
      target,
      measured: `${fmt(a ?? Number.NaN)} vs ${fmt(b ?? Number.NaN)}${atMost ? ' ms' : ''}`,
      ratio,
      needed,
      met: Number.isFinite(ratio) ? (atMost ? ratio <= needed : ratio >= needed) : null,
      paired: pairedRatio(cells, scenario, ours, ref, metric),
    }
  }
  const atLeast = (target: string, scenario: string, ours: string, ref: string, metric: string, needed: number): TargetCheck =>
    compare(target, scenario, ours, ref, metric, needed)
  const atMost = (target: string, scenario: string, ours: string, ref: string, metric: string, limit: number): TargetCheck =>
    compare(target, scenario, ours, ref, metric, limit, true)
  const p50 = get('latency', '@queue-postgres', 'p50 ms')
  return [
    atLeast('PG drain >= 0.8x raw SKIP LOCKED batch-100', 'drain', '@queue-postgres', 'raw-pg-b100', 'jobs/s', 0.8),
    atLeast('PG drain >= 2x graphile-worker batched', 'drain', '@queue-postgres', 'graphile-batched', 'jobs/s', 2),
    {
      target: 'PG pickup p50 < 1.5 ms',
      measured: `${fmt(p50 ?? Number.NaN)} ms`,
      ratio: p50 ?? Number.NaN,
      needed: 1.5,
      met: p50 === undefined ? null : p50 < 1.5,
    },
    atMost('PG pickup p99 <= 1.2x raw loop p99', 'latency', '@queue-postgres', 'raw-pg-b1', 'p99 ms', 1.2),
    atLeast('PG one-by-one enqueue >= 0.8x raw INSERT', 'one-by-one', '@queue-postgres', 'raw-pg-b1', 'jobs/s', 0.8),
    atLeast('PG bulk enqueue >= 0.5x raw multi-row INSERT', 'bulk', '@queue-postgres', 'raw-pg-b1', 'jobs/s', 0.5),
    atLeast('SQLite drain >= 0.5x raw better-sqlite3 batch-100', 'drain', '@queue-sqlite', 'raw-sqlite-b100', 'jobs/s', 0.5),
    withIntakeReference(atLeast('Webhook intake >= 0.5x plain Fastify route', 'webhook', '@queue-server', 'fastify-plain', 'req/s', 0.5)),
  ]

  /** Names, beside the webhook verdict, what the least durable intake (`raw-sqlite-intake`) made of the same ceiling. */
  function withIntakeReference(check: TargetCheck): TargetCheck {
    const raw = get('webhook', 'raw-sqlite-intake', 'req/s')
    const plain = get('webhook', 'fastify-plain', 'req/s')
    if (raw === undefined || plain === undefined) return check
    return { ...check, measured: `${check.measured} (raw-sqlite-intake ${fmt(raw)}: ${(raw / plain).toFixed(2)}x)` }
  }
}

export function targetsTable(checks: TargetCheck[]): string {
  const rows = checks.map((c) => {
    const verdict = c.met === null ? 'not measured' : c.met ? 'met' : '**missed**'
    const ratio = c.target.includes('p50') ? '' : Number.isFinite(c.ratio) ? `${c.ratio.toFixed(2)}x` : '–'
    const needed = c.target.includes('p50') ? '' : `${c.needed.toFixed(2)}x`
    const paired = c.paired !== undefined && Number.isFinite(c.paired) ? `${c.paired.toFixed(2)}x` : '–'
    return `| ${c.target} | ${c.measured} | ${ratio} | ${paired} | ${needed} | ${verdict} |`
  })
  return [
    '### Targets (issue 6), ratios within this run',
    '',
    'ratio: of the two medians (the verdict); paired: the median of the per-repetition ratios, which cancels drift between repetitions.',
    '',
    '| target | measured (ours vs reference) | ratio | paired | needed | verdict |',
    '|---|---|---:|---:|---:|---|',
    ...rows,
    '',
  ].join('\n')
}
