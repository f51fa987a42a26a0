/**
 * The Worker (not the store alone) draining N no-op jobs at concurrency 10, with the store calls it
 * made per job: what tooling/bench's drain scenario measures, in one process, for profiling.
 *
 *   node --conditions=source --import jiti/register bench/worker-drain.ts [N] [pg|sqlite]
 *
 * NOFOLD=1 hides the store's settleAndClaim (the worker then settles beside each claim); TRACE=1
 * prints the first 40 store calls. @queue/core resolves to its dist here: build it after a change.
 */
import { rmSync } from 'node:fs'
import pg from 'pg'
import { Queue, Worker, type JobStore } from '@queue/core'
import { postgresStore } from '../src/postgres/index.js'
import { sqliteStore } from '../src/sqlite/index.js'

const N = Number(process.argv[2] ?? 20_000)
const which = process.argv[3] ?? 'sqlite'
const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `bench_wd_${process.pid}`
const file = `/tmp/queue-wd-${process.pid}.db`

const inner = which === 'pg' ? postgresStore({ connectionString: PG_URL, schema }) : sqliteStore({ filename: file })
await inner.migrate()
const calls: Record<string, number> = {}
const limits: number[] = []
const seq: string[] = []
const store = new Proxy(inner, {
  get(target, prop) {
    const value: unknown = Reflect.get(target, prop, target)
    if (typeof value !== 'function' || (prop === 'settleAndClaim' && process.env.NOFOLD === '1')) return value === undefined || prop !== 'settleAndClaim' || process.env.NOFOLD !== '1' ? value : undefined
    return (...args: unknown[]) => {
      calls[String(prop)] = (calls[String(prop)] ?? 0) + 1
      if (process.env.TRACE && seq.length < 40) seq.push(`${String(prop)}(${(args[0] as { outcomes?: unknown[] })?.outcomes?.length ?? ""})@${Math.round(performance.now())}`)
      if (prop === 'claim') limits.push((args[0] as { limit: number }).limit)
      if (prop === 'settleAndClaim') limits.push((args[0] as { claim: { limit: number } }).claim.limit)
      return (value as (...a: unknown[]) => unknown).apply(target, args)
    }
  },
}) as JobStore
const queue = new Queue({ store })
for (let i = 0; i < N; i += 1000) await queue.addMany(Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({ name: 'noop', payload: { i: i + k, t: 0 } })))
for (const key of Object.keys(calls)) delete calls[key]
const cpu = process.cpuUsage()
const started = performance.now()
const worker = new Worker({ store, concurrency: 10, leaseMs: 30_000, handlers: { noop: async () => null } })
await worker.drain()
const seconds = (performance.now() - started) / 1000
const used = process.cpuUsage(cpu)
const counts = await store.counts({})
if (counts.completed !== N) throw new Error(`completed ${counts.completed} of ${N}`)
console.log(`${which} worker drain: ${Math.round(N / seconds).toLocaleString('en-US')} jobs/s, cpu ${((used.user + used.system) / N).toFixed(1)} us/job, calls ${JSON.stringify(calls)}, claim limits ${limits.slice(0, 8).join(',')}…`)
if (process.env.TRACE) console.log(seq.join(" "))
await inner.close()
if (which === 'pg') {
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`drop schema "${schema}" cascade`)
  await admin.end()
} else for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
