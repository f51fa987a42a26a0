/**
 * `node dist/memory.js <system> <jobs>`: drains `jobs` no-op jobs on one system in a process of its
 * own, sampling RSS every 250 ms, and prints one JSON line: RSS once 10% of the jobs ran (after
 * warm-up), the peak, the end and the growth from the 10% mark to the end; and the live heap (V8's
 * `heapUsed` right after a full collection, with `--expose-gc`) at the 10% mark and at the end.
 * RSS saws up and down with the collector (a 200,000-job PostgreSQL drain read +6 MB and +63 MB
 * to its end in two runs; 1,500,000 jobs swung between 155 and 215 MB), so its growth to one moment
 * lands anywhere between trough and peak. The live heap's growth is what a leak raises: flat means
 * it stays within a megabyte or two, whatever the number of jobs.
 */
import { benchJobs } from './scenarios/scenario.js'
import { allSystems } from './systems/index.js'
import { deferred, now, sleep, waitFor } from './harness/time.js'

const [name, jobsArg, secondsArg] = process.argv.slice(2)
const spec = allSystems.find((s) => s.name === name)
if (!spec) throw new Error(`unknown system ${name}`)
const jobs = Number(jobsArg ?? 200_000)
const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10

/** V8's heap in use right after a full collection: what is still referenced. NaN without `--expose-gc`. */
function liveHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) return Number.NaN
  gc()
  return process.memoryUsage().heapUsed
}

const system = spec.create()
await system.setup()
try {
  for (let k = 0; k < jobs; k += 20_000) await system.enqueueMany(benchJobs(Math.min(20_000, jobs - k), k))
  let handled = 0
  let baseline = Number.NaN
  let peak = 0
  const samples: number[] = []
  let liveAt10 = Number.NaN
  const all = deferred()
  // Sampled from the handler every 1% of the jobs as well as from a timer: a worker on a synchronous
  // driver (better-sqlite3) can starve timers for a whole drain (see docs/benchmarks.md).
  const sample = (): void => {
    const rss = process.memoryUsage().rss
    samples.push(mb(rss))
    if (handled >= jobs * 0.1) {
      if (Number.isNaN(baseline)) {
        baseline = rss
        liveAt10 = liveHeap()
      }
      peak = Math.max(peak, rss)
    }
  }
  const sampler = setInterval(sample, 250)
  const every = Math.max(1, Math.floor(jobs / 100))
  const t0 = now()
  await system.startWorkers({
    concurrency: 10,
    onJob: () => {
      if (++handled % every === 0) sample()
      if (handled === jobs) all.resolve()
    },
  })
  const finished = await Promise.race([all.promise.then(() => true), sleep(Number(secondsArg ?? 600) * 1000).then(() => false)])
  if (finished) await waitFor(async () => (await system.unfinished()) === 0, 30_000, 20)
  const seconds = (now() - t0) / 1000
  clearInterval(sampler)
  const end = process.memoryUsage().rss
  const liveEnd = liveHeap()
  await system.stopWorkers()
  console.log(
    JSON.stringify({
      system: name,
      jobs,
      handled,
      seconds,
      'rss@10% MB': mb(baseline),
      'rss peak MB': mb(Math.max(peak, end)),
      'rss end MB': mb(end),
      'growth MB': mb(end - baseline),
      'live heap growth MB': mb(liveEnd - liveAt10),
      samples,
    }),
  )
} finally {
  await system.teardown()
}
process.exit(0)
