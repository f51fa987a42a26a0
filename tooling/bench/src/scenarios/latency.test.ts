import { describe, expect, it } from 'vitest'
import type { BenchJob, System, SystemSpec, WorkOptions } from '../systems/system.js'
import { latencyTogether } from './latency.js'
import { config } from './scenario.js'

/** A system whose idle worker starts a job `delayMs` after it was enqueued. */
function delayedSpec(name: string, delayMs: number, log: string[], brokenSetup = false, running?: Set<() => void>): SystemSpec {
  let onJob: WorkOptions['onJob'] | undefined
  const shutDown = () => {
    onJob = undefined
  }
  const system: System = {
    setup: async () => {
      if (brokenSetup) throw new Error(`${name} cannot start`)
      // Like graphile-worker's migration: every worker already running on the database shuts down.
      if (running) for (const stop of running) stop()
    },
    teardown: async () => {
      log.push(`${name}:teardown`)
    },
    enqueueMany: async () => {},
    enqueueOne: async (job: BenchJob) => {
      log.push(name)
      setTimeout(() => onJob?.(job), delayMs)
    },
    startWorkers: async (options) => {
      onJob = options.onJob
      running?.add(shutDown)
    },
    stopWorkers: async () => {
      onJob = undefined
    },
    unfinished: async () => 0,
  }
  return { name, backend: 'memory', settings: '', available: async () => null, create: () => system }
}

describe('pickup latency, interleaved', () => {
  it('samples every system in turn and summarizes each from its own samples', async () => {
    const log: string[] = []
    const settings = { ...config(true), latencySamples: 20 }
    const results = await latencyTogether([delayedSpec('quick', 1, log), delayedSpec('late', 30, log), delayedSpec('broken', 1, log, true)], settings)
    const calls = log.filter((entry) => !entry.endsWith(':teardown'))
    expect(calls).toHaveLength(2 * (20 + 10))
    // In turns: never the same system twice in a row.
    for (let i = 1; i < calls.length; i++) if (i % 2 === 1) expect(calls[i]).not.toBe(calls[i - 1])
    const late = results.get('late') as Record<string, number>
    const quick = results.get('quick') as Record<string, number>
    expect(late['p50 ms']).toBeGreaterThanOrEqual(29)
    expect(quick['p50 ms']).toBeLessThan(late['p50 ms'] as number)
    expect(results.get('broken')).toBeInstanceOf(Error)
    expect(log.filter((entry) => entry.endsWith(':teardown')).sort()).toEqual(['broken:teardown', 'late:teardown', 'quick:teardown'])
  })
})

describe('pickup latency, interleaved, with setups that disturb running workers', () => {
  it('sets every system up before it starts any, so a later setup cannot stop an earlier worker', async () => {
    const log: string[] = []
    const running = new Set<() => void>()
    const results = await latencyTogether(
      [delayedSpec('first', 1, log, false, running), delayedSpec('second', 1, log, false, running)],
      { ...config(true), latencySamples: 10 },
    )
    for (const name of ['first', 'second']) {
      const p50 = (results.get(name) as Record<string, number>)['p50 ms'] as number
      expect(Number.isFinite(p50)).toBe(true)
      expect(p50).toBeLessThan(100)
    }
  })
})
