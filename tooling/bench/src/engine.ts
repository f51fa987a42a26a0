/**
 * `node dist/engine.js [jobs] [--concurrency=N]`: what the Worker of @queue/core itself costs per
 * job, without any storage. The store here hands out prebuilt leased jobs and answers every settle
 * with `ok`, so the CPU per job it prints is the engine's alone: the claim loop, attempts, outcomes,
 * stats, events and the settle batching. Compare it with a store's drain (`analyze.js`) to see how
 * much of a job's cost is the store's. The memory store (`@queue-memory`) is no stand-in for this:
 * it copies every job through JSON on the way in and out, as a SQL store's columns would.
 */
import { JOB_DEFAULTS, type JobStore, type LeasedJob, type Outcome, Worker } from '@queue/core'
import { option } from './ab/options.js'

const jobs = Number(process.argv[2] !== undefined && !process.argv[2].startsWith('--') ? process.argv[2] : 200_000)
const concurrency = Number(option('concurrency', '10'))
const made = new Date()

function leased(i: number): LeasedJob {
  const id = String(i + 1)
  return {
    id,
    queue: 'default',
    name: 'noop',
    payload: { i, t: 1 },
    state: 'active',
    priority: 0,
    attempts: 1,
    maxAttempts: JOB_DEFAULTS.maxAttempts,
    backoff: JOB_DEFAULTS.backoff,
    timeoutMs: null,
    runAt: made,
    groupKey: null,
    uniqueKey: null,
    result: null,
    lastError: null,
    progress: null,
    lockedBy: 'engine',
    lockedUntil: made,
    createdAt: made,
    startedAt: made,
    finishedAt: null,
    stats: null,
    lease: { id, token: 'engine' },
  }
}

const backlog = Array.from({ length: jobs }, (_, i) => leased(i))
let next = 0
let claims = 0
let settled = 0
const take = (limit: number): LeasedJob[] => {
  claims++
  const batch = backlog.slice(next, next + limit)
  next += batch.length
  return batch
}
const answer = (outcomes: Outcome[]) => {
  settled += outcomes.length
  return outcomes.map((o) => ({ id: o.lease.id, ok: true }))
}

/** Only what a Worker calls; the rest of the port is never reached in a drain. */
const store = {
  capabilities: { notify: 'none', transactionalEnqueue: false },
  claim: async ({ limit }: { limit: number }) => take(limit),
  settle: async ({ outcomes }: { outcomes: Outcome[] }) => answer(outcomes),
  settleAndClaim: async ({ outcomes, claim }: { outcomes: Outcome[]; claim: { limit: number } }) => ({ settled: answer(outcomes), claimed: take(claim.limit) }),
  renewLeases: async ({ leases }: { leases: unknown[] }) => leases,
  reclaimExpired: async () => 0,
  progress: async () => true,
  close: async () => {},
} as unknown as JobStore

let done = 0
let finish!: () => void
const finished = new Promise<void>((resolve) => (finish = resolve))
const worker = new Worker({
  store,
  concurrency,
  leaseMs: 30_000,
  handlers: {
    noop: async () => {
      if (++done === jobs) finish()
    },
  },
})
worker.on('error', (error) => console.error('engine worker:', error))
const cpu0 = process.cpuUsage()
const t0 = performance.now()
await worker.start()
await finished
const wall = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
await worker.stop()
const perJob = (us: number): string => (us / jobs).toFixed(2)
console.log(
  `engine: ${jobs} jobs at concurrency ${concurrency}: ${Math.round((jobs / wall) * 1000)} jobs/s, wall ${perJob(wall * 1000)} us/job, CPU ${perJob(cpu.user + cpu.system)} us/job, ${claims} claims, ${settled} settled`,
)
