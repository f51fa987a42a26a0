import { describe, expect, it } from 'vitest'
import { checkTargets, pairedRatio, targetsTable } from './report.js'
import type { Cell } from './runner.js'
import { summarize } from './stats.js'

const cell = (scenario: string, system: string, metric: string, runs: number[], errors: string[] = []): Cell => ({
  scenario,
  system,
  metrics: { [metric]: summarize(runs) },
  errors,
})

describe('pairedRatio', () => {
  it('takes the median of the per-repetition ratios, so drift between repetitions cancels', () => {
    // The machine doubles its speed every repetition; ours is always 0.8x the reference beside it.
    const cells = [cell('drain', 'ours', 'jobs/s', [800, 1600, 3200]), cell('drain', 'ref', 'jobs/s', [1000, 2000, 4000])]
    expect(pairedRatio(cells, 'drain', 'ours', 'ref', 'jobs/s')).toBeCloseTo(0.8)
  })

  it('differs from the ratio of medians when the two medians come from repetitions of different speed', () => {
    // Per repetition 0.9x, 0.25x, 0.83x; the medians are 1,000 (repetition 2) and 4,000 (repetition 2).
    const cells = [cell('drain', '@queue-postgres', 'jobs/s', [900, 1000, 5000]), cell('drain', 'raw-pg-b100', 'jobs/s', [1000, 4000, 6000])]
    const drain = checkTargets(cells).find((c) => c.target.startsWith('PG drain >= 0.8x'))
    expect(drain?.ratio).toBeCloseTo(0.25)
    expect(drain?.paired).toBeCloseTo(5000 / 6000)
  })

  it('is NaN when a repetition is missing or failed on either side', () => {
    expect(pairedRatio([cell('drain', 'ours', 'jobs/s', [1, 2]), cell('drain', 'ref', 'jobs/s', [1, 2, 3])], 'drain', 'ours', 'ref', 'jobs/s')).toBeNaN()
    expect(pairedRatio([cell('drain', 'ours', 'jobs/s', [1, 2], ['boom']), cell('drain', 'ref', 'jobs/s', [1, 2])], 'drain', 'ours', 'ref', 'jobs/s')).toBeNaN()
    expect(pairedRatio([cell('drain', 'ref', 'jobs/s', [1, 2])], 'drain', 'ours', 'ref', 'jobs/s')).toBeNaN()
  })
})

describe('checkTargets', () => {
  it('keeps the verdict on the ratio of medians and shows the paired ratio beside it', () => {
    const cells = [cell('drain', '@queue-postgres', 'jobs/s', [700, 1500, 3300]), cell('drain', 'raw-pg-b100', 'jobs/s', [1000, 2000, 4000])]
    const drain = checkTargets(cells).find((c) => c.target.startsWith('PG drain >= 0.8x'))
    expect(drain?.ratio).toBeCloseTo(0.75)
    expect(drain?.met).toBe(false)
    expect(drain?.paired).toBeCloseTo(0.75)
    expect(targetsTable(checkTargets(cells))).toContain('| 0.75x | 0.75x | 0.80x | **missed** |')
  })

  it('names the raw durable intake beside the webhook verdict, which stays on the queue server against plain Fastify', () => {
    const webhook = (cells: Cell[]) => checkTargets(cells).find((c) => c.target.startsWith('Webhook intake'))
    const cells = [cell('webhook', '@queue-server', 'req/s', [18_000]), cell('webhook', 'fastify-plain', 'req/s', [40_000])]
    expect(webhook(cells)?.measured).toBe('18,000 vs 40,000')
    const withRaw = webhook([...cells, cell('webhook', 'raw-sqlite-intake', 'req/s', [21_000])])
    expect(withRaw?.measured).toBe('18,000 vs 40,000 (raw-sqlite-intake 21,000: 0.53x)')
    expect(withRaw?.ratio).toBeCloseTo(0.45)
    expect(withRaw?.met).toBe(false)
  })
})
