import { describe, expect, it } from 'vitest'
import { runScenario } from '../harness/runner.js'
import type { BenchJob, System, SystemSpec } from '../systems/system.js'
import { config } from './scenario.js'
import { ONE_BY_ONE_SLICE, oneByOneEnqueue, oneByOneTogether } from './enqueue.js'

/** A system whose enqueueOne takes `ms` of wall time (busy-waiting), logging who enqueued when. */
function timedSpec(name: string, ms: number, log: string[], failAt = Number.POSITIVE_INFINITY): SystemSpec {
  let calls = 0
  const system: System = {
    setup: async () => {},
    teardown: async () => {
      log.push(`${name}:teardown`)
    },
    enqueueMany: async () => {},
    enqueueOne: async (_job: BenchJob) => {
      if (++calls >= failAt) throw new Error(`${name} broke`)
      const until = performance.now() + ms
      while (performance.now() < until) {
        // busy: the time is this system's own
      }
      log.push(name)
    },
    startWorkers: async () => {},
    stopWorkers: async () => {},
    unfinished: async () => 0,
  }
  return { name, backend: 'memory', settings: '', available: async () => null, create: () => system }
}

describe('one-by-one enqueue, interleaved', () => {
  const settings = { ...config(true), oneByOneJobs: ONE_BY_ONE_SLICE * 3 }

  it('takes turns in slices and rates each system by the time of its own slices', async () => {
    const log: string[] = []
    const results = await oneByOneTogether([timedSpec('fast', 0.1, log), timedSpec('slow', 1.5, log)], settings)
    const calls = log.filter((entry) => !entry.endsWith(':teardown'))
    expect(calls).toHaveLength(ONE_BY_ONE_SLICE * 6)
    // Turns alternate every slice: no system runs two slices while the other still has jobs.
    const slices = Array.from({ length: 6 }, (_, i) => calls[i * ONE_BY_ONE_SLICE])
    expect(new Set(slices.slice(0, 2))).toEqual(new Set(['fast', 'slow']))
    for (let i = 0; i < 6; i++) expect(new Set(calls.slice(i * ONE_BY_ONE_SLICE, (i + 1) * ONE_BY_ONE_SLICE)).size).toBe(1)
    const fast = (results.get('fast') as Record<string, number>)['jobs/s'] as number
    const slow = (results.get('slow') as Record<string, number>)['jobs/s'] as number
    expect(fast).toBeLessThanOrEqual(10_000)
    expect(slow).toBeLessThanOrEqual(667)
    expect(fast / slow).toBeGreaterThan(2)
    expect(log.filter((entry) => entry.endsWith(':teardown')).sort()).toEqual(['fast:teardown', 'slow:teardown'])
  })

  it('reports a failing system as an error and still measures the others', async () => {
    const log: string[] = []
    const results = await oneByOneTogether([timedSpec('broken', 0.1, log, 10), timedSpec('fine', 0.1, log)], settings)
    expect(results.get('broken')).toBeInstanceOf(Error)
    expect(results.get('fine')).toMatchObject({ 'jobs/s': expect.any(Number) })
    expect(log.filter((entry) => entry === 'fine')).toHaveLength(ONE_BY_ONE_SLICE * 3)
    expect(log).toContain('broken:teardown')
  })

  it('runs through the runner with every repetition together', async () => {
    const log: string[] = []
    const lines: string[] = []
    const cells = await runScenario(oneByOneEnqueue, [timedSpec('a', 0.05, log), timedSpec('b', 0.05, log)], { ...settings, repetitions: 2 }, (line) => lines.push(line))
    expect(cells.map((cell) => [cell.system, cell.metrics['jobs/s']?.runs.length, cell.errors])).toEqual([
      ['a', 2, []],
      ['b', 2, []],
    ])
    expect(lines).toHaveLength(4)
  })
})
