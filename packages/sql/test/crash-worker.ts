/**
 * The child of the crash test: a real Worker from @queue/core on a SQL store, whose handler records
 * each start and finish in a ledger file. The parent kills this process with SIGKILL mid-run.
 *
 *   node --conditions=source --import jiti/register test/crash-worker.ts <postgres|sqlite> <url|file> <schema|-> <ledger> [add]
 *
 * With `add`, this process also adds CRASH_JOBS jobs one at a time through a Queue on the worker's
 * store, so that the idle worker takes some of them straight from the insert (the handoff), and
 * records each as `added <id> <state>` (`active` when handed off).
 */
import { appendFileSync } from 'node:fs'
import { Queue, Worker, silentLogger } from '@queue/core'
import { postgresStore } from '../src/postgres/index.js'
import { sqliteStore } from '../src/sqlite/index.js'
import { CRASH_JOBS, CRASH_LEASE_MS, CRASH_JOB_MS } from './crash-settings.js'

const [dialect, target, schema, ledger, mode] = process.argv.slice(2) as [string, string, string, string, string | undefined]
const store = dialect === 'postgres' ? postgresStore({ connectionString: target, schema }) : sqliteStore({ filename: target })
const worker = new Worker({
  store,
  concurrency: 4,
  leaseMs: CRASH_LEASE_MS,
  pollMs: { min: 5, max: 50 },
  logger: silentLogger,
  handlers: {
    crash: async (_payload: unknown, ctx) => {
      appendFileSync(ledger, `start ${ctx.job.id} ${ctx.attempt} child\n`)
      await new Promise((resolve) => setTimeout(resolve, CRASH_JOB_MS))
      appendFileSync(ledger, `done ${ctx.job.id} ${ctx.attempt} child\n`)
      return 'ok'
    },
  },
})
worker.start()
appendFileSync(ledger, 'ready\n')
if (mode === 'add') {
  const queue = new Queue({ store })
  for (let i = 0; i < CRASH_JOBS; i++) {
    const job = await queue.add('crash', { i })
    appendFileSync(ledger, `added ${job.id} ${job.state}\n`)
    // Now and then a pause long enough for the worker to go idle: the next job is then handed off.
    await new Promise((resolve) => setTimeout(resolve, i % 3 === 2 ? CRASH_JOB_MS * 2 : CRASH_JOB_MS / 2))
  }
}
