/**
 * `node dist/ab/builds.js <base> [--backend=sqlite|postgres] [--loop=claim-settle|insert|drain|latency] [--batch=N] [--payload=small|webhook] [--runs=N]`:
 * an A/B of two builds of @queue/sql inside one process, on SQLite (a file per side) or PostgreSQL
 * (a schema per side). `<base>` is a copy of an older `packages/sql/dist` kept inside the
 * repository (so that its imports resolve), e.g. `packages/sql/dist-base`; the other side is the
 * current build. The two sides alternate batch by batch (drain by drain for `--loop=drain`), so the
 * host's drift, which moved whole runs by ±25% on the machines of docs/benchmarks.md, hits both
 * alike; it prints the CPU per job of each (this process's: the database server's is not in it) and B/A.
 */
import { rmSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type JobStore, Queue, Worker } from '@queue/core'
import * as currentPostgres from '@queue/sql/postgres'
import * as current from '@queue/sql/sqlite'
import pg from 'pg'
import { PG_URL } from '../harness/env.js'
import { option } from './options.js'

type SqliteModule = typeof current
type PostgresModule = typeof currentPostgres
type Loop = 'claim-settle' | 'insert' | 'drain' | 'latency'

interface Side {
  label: string
  /** A store on side `i`'s own database (file or schema), empty. */
  open(i: number): JobStore
  cpu: number
  wall: number
  jobs: number
}

const STATS = { pid: 1, host: 'ab-host', durationMs: 0.01, memoryBefore: { rss: 1e8, heapUsed: 2e7 }, memoryAfter: { rss: 1e8, heapUsed: 2e7 } }
/** A stored webhook request as `queue server` writes it for the bench's webhook body (~900 bytes). */
const WEBHOOK_PAYLOAD = {
  hook: 'bench',
  method: 'POST',
  path: '/hooks/bench',
  query: {},
  headers: { host: '127.0.0.1:3000', connection: 'keep-alive', 'content-type': 'application/json', 'content-length': '290', 'user-agent': 'autocannon' },
  body: Buffer.from('x'.repeat(290)).toString('base64'),
  receivedAt: new Date(0).toISOString(),
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return used.user + used.system
}

async function fill(store: JobStore, jobs: number): Promise<void> {
  const queue = new Queue({ store })
  for (let i = 0; i < jobs; i += 5_000) {
    await queue.addMany(Array.from({ length: Math.min(5_000, jobs - i) }, (_, k) => ({ name: 'noop', payload: { i: i + k, t: 1 } })))
  }
}

/** Claim `batch`, complete them, alternating sides, until both are drained. */
async function claimSettle(sides: Side[], batch: number, jobs: number): Promise<void> {
  const stores = sides.map((side, i) => side.open(i))
  for (const store of stores) await fill(store, jobs)
  const done = sides.map(() => false)
  while (done.includes(false)) {
    for (const [i, side] of sides.entries()) {
      if (done[i]) continue
      const store = stores[i] as JobStore
      const start = process.cpuUsage()
      const leased = await store.claim({ workerId: 'ab:1:worker', limit: batch, leaseMs: 30_000 })
      if (leased.length === 0) {
        done[i] = true
        continue
      }
      await store.settle({ outcomes: leased.map((job) => ({ type: 'complete', lease: job.lease, result: null, stats: STATS })) })
      side.cpu += cpuSince(start)
      side.jobs += leased.length
    }
  }
  await closeAll(stores)
}

/** `runs` × 2 `addMany` calls of `batch` jobs, alternating sides (the first 100 of each warm up); wall time is the calls'. */
async function insert(sides: Side[], batch: number, runs: number, payload: 'small' | 'webhook'): Promise<void> {
  const stores = sides.map((side, i) => side.open(i))
  const queues = stores.map((store) => new Queue({ store }))
  for (let run = 0; run < runs * 2; run++) {
    const i = run % 2
    const items = Array.from({ length: batch }, (_, k) => ({ name: 'hook.bench', payload: payload === 'webhook' ? WEBHOOK_PAYLOAD : { i: k, t: 1 }, options: { queue: 'hooks' } }))
    const start = process.cpuUsage()
    const t0 = performance.now()
    await (queues[i] as Queue).addMany(items, { reusePayloads: true })
    const wall = performance.now() - t0
    const used = cpuSince(start)
    if (run >= 200) {
      const side = sides[i] as Side
      side.cpu += used
      side.wall += wall * 1000
      side.jobs += batch
    }
  }
  await closeAll(stores)
}

/**
 * A Worker (concurrency 10) drains `jobs` no-op jobs; the sides alternate drain by drain, the first
 * two warm up. The order goes A B B A A B …: in plain A B A B the second side read 5-10% slower
 * than the same build as the first (session 14).
 */
async function drain(sides: Side[], jobs: number, runs: number): Promise<void> {
  for (let run = 0; run < (runs + 1) * 2; run++) {
    const i = ((run >> 1) + run) % 2
    const side = sides[i] as Side
    const store = side.open(i)
    await fill(store, jobs)
    let handled = 0
    let finished!: () => void
    const all = new Promise<void>((resolve) => (finished = resolve))
    const start = process.cpuUsage()
    const t0 = performance.now()
    const worker = new Worker({ store, concurrency: 10, handlers: { noop: async () => void (++handled === jobs && finished()) } })
    worker.start()
    await all
    while ((await store.counts({})).completed !== jobs) await new Promise((resolve) => setTimeout(resolve, 2))
    const wall = performance.now() - t0
    const used = cpuSince(start)
    await worker.stop()
    await closeAll([store], [i])
    if (run >= 2) {
      side.cpu += used
      side.wall += wall * 1000
      side.jobs += jobs
    }
  }
}

/**
 * Pickup latency at idle: an idle Worker on each side, one job enqueued at a time (enqueue call ->
 * handler start), the sides taking turns sample by sample after 50 warm-up samples each.
 */
async function latency(sides: Side[], samples: number): Promise<void> {
  const stores = sides.map((side, i) => side.open(i))
  const queues = stores.map((store) => new Queue({ store }))
  let started: (at: number) => void = () => {}
  const workers = stores.map((store) => new Worker({ store, concurrency: 10, handlers: { ping: async () => started(performance.now()) } }))
  for (const worker of workers) worker.start()
  const taken: number[][] = sides.map(() => [])
  for (let s = 0; s < (samples + 50) * 2; s++) {
    const i = s % 2
    const start = new Promise<number>((resolve) => (started = resolve))
    const t0 = performance.now()
    await (queues[i] as Queue).add('ping', {})
    const at = await start
    if (s >= 100) (taken[i] as number[]).push(at - t0)
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 3))
  }
  for (const worker of workers) await worker.stop()
  await closeAll(stores)
  const pct = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] as number
  for (const [i, side] of sides.entries()) {
    const values = taken[i] as number[]
    console.log(`${side.label}: pickup p50 ${pct(values, 50).toFixed(2)} ms, p95 ${pct(values, 95).toFixed(2)} ms, p99 ${pct(values, 99).toFixed(2)} ms (${values.length} samples)`)
  }
  const [a, b] = taken as [number[], number[]]
  console.log(`latency: p50 B/A ${(pct(b, 50) / pct(a, 50)).toFixed(3)}, p99 B/A ${(pct(b, 99) / pct(a, 99)).toFixed(3)}`)
  process.exit(0)
}

function dbFile(side: number): string {
  return join(process.env.TMPDIR ?? '/tmp', `queue-ab-${process.pid}-${side}.db`)
}

const backend = option('backend', 'sqlite')
const schemaOf = (side: number): string => `queue_ab_build_${side}`

/** Closes the stores, `stores[i]` being side `sides[i]`'s (by default side i), and deletes their databases. */
async function closeAll(stores: JobStore[], sides: number[] = stores.map((_, i) => i)): Promise<void> {
  for (const [i, store] of stores.entries()) {
    await store.close()
    const side = sides[i] as number
    if (backend === 'postgres') await dropSchema(schemaOf(side))
    else for (const suffix of ['', '-wal', '-shm']) rmSync(dbFile(side) + suffix, { force: true })
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
}

const base = process.argv[2]
if (base === undefined || base.startsWith('--')) throw new Error('usage: ab/builds.js <copy of an older packages/sql/dist> [--backend=sqlite|postgres] [--loop=claim-settle|insert|drain] [--batch=N] [--payload=small|webhook] [--runs=N]')
const baseDir = isAbsolute(base) ? base : resolve(base)
const sides: Side[] = []
if (backend === 'postgres') {
  const older = (await import(pathToFileURL(join(baseDir, 'postgres', 'index.js')).href)) as PostgresModule
  for (const i of [0, 1]) await dropSchema(schemaOf(i))
  sides.push(
    { label: `A (${base})`, open: (i) => older.postgresStore({ connectionString: PG_URL, schema: schemaOf(i) }), cpu: 0, wall: 0, jobs: 0 },
    { label: 'B (current)', open: (i) => currentPostgres.postgresStore({ connectionString: PG_URL, schema: schemaOf(i) }), cpu: 0, wall: 0, jobs: 0 },
  )
} else {
  const older = (await import(pathToFileURL(join(baseDir, 'sqlite', 'index.js')).href)) as SqliteModule
  sides.push(
    { label: `A (${base})`, open: (i) => older.sqliteStore({ filename: dbFile(i) }), cpu: 0, wall: 0, jobs: 0 },
    { label: 'B (current)', open: (i) => current.sqliteStore({ filename: dbFile(i) }), cpu: 0, wall: 0, jobs: 0 },
  )
}
const loop = option('loop', 'claim-settle') as Loop
const batch = Number(option('batch', loop === 'insert' ? '37' : '300'))
if (loop === 'claim-settle') await claimSettle(sides, batch, Number(option('jobs', '120000')))
else if (loop === 'insert') await insert(sides, batch, Number(option('runs', '1500')), option('payload', 'webhook') === 'small' ? 'small' : 'webhook')
else if (loop === 'drain') await drain(sides, Number(option('jobs', '30000')), Number(option('runs', '5')))
else if (loop === 'latency') await latency(sides, Number(option('runs', '1000')))
else throw new Error(`unknown --loop=${loop}`)

const perJob = sides.map((side) => side.cpu / side.jobs)
for (const [i, side] of sides.entries()) {
  const rate = side.wall > 0 ? `, ${Math.round((side.jobs / side.wall) * 1e6)} jobs/s` : ''
  console.log(`${side.label}: ${(perJob[i] as number).toFixed(2)} us of CPU per job${rate} (${side.jobs} jobs)`)
}
const [a, b] = sides as [Side, Side]
const wallRatio = a.wall > 0 ? `, wall B/A ${(b.wall / b.jobs / (a.wall / a.jobs)).toFixed(3)}` : ''
console.log(`${loop}${loop === 'drain' ? '' : ` batch ${batch}`}: CPU B/A ${((perJob[1] as number) / (perJob[0] as number)).toFixed(3)}${wallRatio}`)
process.exit(0)
