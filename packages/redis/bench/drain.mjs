// Drain: N no-op jobs enqueued first, then a Worker at concurrency 10 in this process, timed from
// the worker's start until every handler ran and the store holds no unfinished job (the same
// method as tooling/bench's drain scenario). Runs @queue/redis (built dist) against BullMQ (the
// copy installed in tooling/bench). Usage: pnpm build && node bench/drain.mjs [jobs] [reps]
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { Queue as CoreQueue, Worker as CoreWorker } from '@queue/core'
import { Redis } from 'ioredis'
import { redisStore } from '../dist/index.js'

const URL_ = process.env.QUEUE_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'
const N = Number(process.argv[2] ?? 20_000)
const REPS = Number(process.argv[3] ?? 3)
const CONCURRENCY = 10
const benchRequire = createRequire(new URL('../../../tooling/bench/package.json', import.meta.url))
const bullmq = await import(benchRequire.resolve('bullmq'))

async function dropPrefix(redis, prefix) {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
    cursor = next
    if (keys.length > 0) await redis.unlink(...keys)
  } while (cursor !== '0')
}

async function ours() {
  const prefix = `bench-qr-${randomBytes(4).toString('hex')}`
  const store = redisStore({ url: URL_ }, { prefix })
  await store.migrate()
  const queue = new CoreQueue({ store })
  for (let k = 0; k < N; k += 5000) await queue.addMany(Array.from({ length: Math.min(5000, N - k) }, (_, i) => ({ name: 'bench', payload: { i: k + i } })))
  let handled = 0
  let resolveAll
  const all = new Promise((resolve) => (resolveAll = resolve))
  const worker = new CoreWorker({ store, concurrency: CONCURRENCY, leaseMs: 30_000, handlers: { bench: async () => void (++handled === N && resolveAll()) } })
  const t0 = performance.now()
  worker.start()
  await all
  for (;;) {
    const c = await store.counts({})
    if (c.scheduled + c.ready + c.active + c.waiting + c.retry === 0) break
    await new Promise((r) => setTimeout(r, 5))
  }
  const seconds = (performance.now() - t0) / 1000
  await worker.stop()
  await store.close()
  const admin = new Redis(URL_)
  await dropPrefix(admin, `${prefix}:`)
  await admin.quit()
  return N / seconds
}

async function bull() {
  const prefix = `bench-bull-${randomBytes(4).toString('hex')}`
  const connection = new Redis(URL_, { maxRetriesPerRequest: null })
  const queue = new bullmq.Queue('bench', { connection, prefix })
  await queue.waitUntilReady()
  for (let k = 0; k < N; k += 5000) await queue.addBulk(Array.from({ length: Math.min(5000, N - k) }, (_, i) => ({ name: 'bench', data: { i: k + i } })))
  let handled = 0
  let resolveAll
  const all = new Promise((resolve) => (resolveAll = resolve))
  const workerConnection = new Redis(URL_, { maxRetriesPerRequest: null })
  const t0 = performance.now()
  const worker = new bullmq.Worker('bench', async () => void (++handled === N && resolveAll()), { connection: workerConnection, prefix, concurrency: CONCURRENCY })
  await all
  for (;;) {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
    if (Object.values(c).reduce((a, b) => a + b, 0) === 0) break
    await new Promise((r) => setTimeout(r, 5))
  }
  const seconds = (performance.now() - t0) / 1000
  await worker.close()
  await queue.obliterate({ force: true })
  await queue.close()
  connection.disconnect()
  workerConnection.disconnect()
  return N / seconds
}

const results = { '@queue/redis': [], bullmq: [] }
for (let rep = 0; rep < REPS; rep++) {
  results['@queue/redis'].push(await ours())
  results.bullmq.push(await bull())
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
for (const [name, runs] of Object.entries(results)) {
  console.log(`${name.padEnd(14)} ${Math.round(median(runs)).toLocaleString('en-US').padStart(8)} jobs/s (median of ${runs.length}; runs: ${runs.map((r) => Math.round(r)).join(', ')})`)
}
