/**
 * `pnpm chaos [--short] [--backend=postgres|sqlite|mysql|redis]`: the crash harness. Prints one verdict
 * line per backend and exits non-zero when any verdict fails; `--help` prints the usage, an unknown
 * argument exits 2.
 */
import { runChaos, type ChaosOptions } from './chaos/run.js'

const USAGE = 'pnpm chaos [--short] [--backend=postgres|sqlite|mysql|redis]\n\n  --short     2,000 jobs and 3 kills (the version in pnpm test)\n  --backend   one backend only (default: all four)'
const args = process.argv.slice(2)
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE)
  process.exit(0)
}
const wrong = args.find((a) => a !== '--short' && !/^--backend=(postgres|sqlite|mysql|redis)$/.test(a))
if (wrong !== undefined) {
  console.error(`pnpm chaos: unknown argument ${JSON.stringify(wrong)}\n${USAGE}`)
  process.exit(2)
}
const short = args.includes('--short')
const only = args.find((a) => a.startsWith('--backend='))?.split('=')[1]
const backends = (only ? [only] : ['postgres', 'sqlite', 'mysql', 'redis']) as ChaosOptions['backend'][]

let failed = false
for (const backend of backends) {
  const result = await runChaos({
    backend,
    jobs: short ? 2_000 : 20_000,
    workers: 4,
    concurrency: 5,
    killEveryMs: 2_000,
    maxKills: short ? 3 : undefined,
    cutAfterMs: short ? 3_000 : 7_000,
    // SQLite: 5 s, since better-sqlite3 waits for the write lock synchronously, stalling heartbeats
    // (with 1.5 s, live workers lost leases under load: see docs/benchmarks.md).
    leaseMs: backend === 'sqlite' ? 5_000 : 2_000,
    // 5-45 ms handlers bound the run (~800 jobs/s at most with 4 x 5 slots, ~25 s for 20,000), so
    // kills and the cut land mid-run however fast the store is.
    handlerMs: short ? [40, 120] : [5, 45],
    timeoutMs: short ? 50_000 : 300_000,
  })
  console.log(result.line)
  if (!result.verdict.ok) {
    failed = true
    for (const example of result.verdict.examples) console.log(`  unexplained: ${JSON.stringify(example)}`)
  }
}
process.exit(failed ? 1 : 0)
