/**
 * The short chaos run (a few SIGKILLs, one connection cut, 2,000 jobs): correctness only, never
 * speed. It forks the compiled worker, so it builds this package first.
 */
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { mysqlReachable } from '../harness/mysql.js'
import { pgReachable } from '../harness/pg.js'
import { redisReachable } from '../harness/redis.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const ci = process.env.CI === 'true'

async function storesBuilt(): Promise<string | null> {
  try {
    const require = createRequire(join(root, 'package.json'))
    require.resolve('@queue/sql/package.json')
    const core = (await import('@queue/core')) as Record<string, unknown>
    if (typeof core.Worker !== 'function') return '@queue/core has no Worker'
    return null
  } catch (error) {
    return (error as Error).message
  }
}

describe('chaos (short)', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' })
  })

  const services = { postgres: pgReachable, sqlite: async () => null, mysql: mysqlReachable, redis: redisReachable }
  for (const backend of ['postgres', 'sqlite', 'mysql', 'redis'] as const) {
    it(`completes every job exactly as killed workers explain, on ${backend}`, async () => {
      const missing = (await storesBuilt()) ?? (await services[backend]())
      if (missing) {
        if (ci) throw new Error(`chaos on ${backend} cannot run: ${missing}`)
        console.warn(`SKIPPING chaos on ${backend}: ${missing}`)
        return
      }
      // The compiled harness, so the forked workers and this process share one module graph shape.
      const { runChaos } = (await import(join(root, 'dist', 'chaos', 'run.js'))) as typeof import('./run.js')
      const result = await runChaos({
        backend,
        jobs: 2_000,
        workers: 4,
        concurrency: 5,
        killEveryMs: 1_500,
        maxKills: 3,
        cutAfterMs: 2_500,
        // SQLite: 5 s, since better-sqlite3 waits for the write lock synchronously (see docs/benchmarks.md).
        leaseMs: backend === 'sqlite' ? 5_000 : 2_000,
        // Handlers of 40-120 ms bound the run to ~250 jobs/s (4 workers x 5 slots), so it lasts ~8 s
        // however fast the store is, and the kills and the cut land while jobs are in flight.
        handlerMs: [40, 120],
        timeoutMs: 50_000,
        log: () => undefined,
      })
      console.log(result.line)
      expect(result.verdict.problems).toEqual([])
      expect(result.warnings).toEqual([])
      expect(result.verdict.counts.completed).toBe(2_000)
      expect(result.verdict.counts.kills).toBeGreaterThan(0)
      if (backend !== 'sqlite') expect(result.verdict.counts.cuts).toBe(1)
    })
  }
})
