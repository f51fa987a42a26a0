/** Runs the worker-memory scenario: each system's long drain in a process of its own. */
import { execFile } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { BenchConfig } from '../scenarios/scenario.js'
import type { SystemSpec } from '../systems/system.js'
import type { Cell } from './runner.js'
import { summarize } from './stats.js'

const run = promisify(execFile)
const entry = join(dirname(fileURLToPath(import.meta.url)), '..', 'memory.js')
export const MEMORY_METRICS = ['jobs run', 'rss@10% MB', 'rss peak MB', 'rss end MB', 'growth MB', 'live heap growth MB', 'jobs/s']

export async function runMemory(systems: SystemSpec[], config: BenchConfig, log: (line: string) => void): Promise<Cell[]> {
  const cells: Cell[] = []
  for (const spec of systems) {
    try {
      const { stdout } = await run(process.execPath, ['--expose-gc', entry, spec.name, String(config.memoryJobs), String(config.memorySeconds)], { maxBuffer: 16 * 2 ** 20, timeout: 900_000 })
      const result = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, number>
      result['jobs/s'] = result.handled! / result.seconds!
      result['jobs run'] = result.handled!
      log(`  memory ${spec.name}: ${MEMORY_METRICS.map((m) => `${m}=${result[m]?.toFixed(1)}`).join(' ')}`)
      cells.push({ scenario: 'memory', system: spec.name, metrics: Object.fromEntries(MEMORY_METRICS.map((m) => [m, summarize([result[m] ?? Number.NaN])])), errors: [] })
    } catch (error) {
      log(`  memory ${spec.name}: ERROR ${(error as Error).message.split('\n')[0]}`)
      cells.push({ scenario: 'memory', system: spec.name, metrics: {}, errors: [(error as Error).message.split('\n')[0] ?? 'failed'] })
    }
  }
  return cells
}
