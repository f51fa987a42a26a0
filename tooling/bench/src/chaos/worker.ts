/**
 * One chaos worker process: a @queue Worker on the store named in its environment, whose handler
 * appends (job id, attempt, pid) to the ledger before doing its (sleeping) work. The parent kills
 * it with SIGKILL at random; a `stop` message stops it gracefully.
 */
import { appendFileSync } from 'node:fs'
import pg from 'pg'
import { loadCore, openQueueStoreAt } from '../systems/queue.js'
import { CONFIG_ENV, type ChaosWorkerConfig, type FromWorker, type ToWorker } from './protocol.js'

const config = JSON.parse(process.env[CONFIG_ENV] ?? '{}') as ChaosWorkerConfig
const send = (message: FromWorker): void => void process.send?.(message)

async function openStore(): Promise<unknown> {
  const { backend, schema, file, database, prefix } = config
  const opened = await openQueueStoreAt({ backend, schema, file, database, prefix }, config.connectionString)
  return opened.store
}

function ledgerWriter(): (id: string, attempt: number) => Promise<void> {
  if (config.backend !== 'postgres') {
    // O_APPEND writes of one short line land whole, even when four processes append at once.
    return async (id, attempt) => appendFileSync(config.ledger, `${id} ${attempt} ${process.pid} ${Date.now()}\n`)
  }
  const pool = new pg.Pool({ connectionString: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', max: 4, application_name: 'bench_chaos_ledger' })
  pool.on('error', () => undefined)
  return async (id, attempt) => {
    await pool.query(`insert into ${config.ledger} (job_id, attempt, pid) values ($1, $2, $3)`, [id, attempt, process.pid])
  }
}

async function main(): Promise<void> {
  const core = await loadCore()
  const store = await openStore()
  const record = ledgerWriter()
  const [min, max] = config.handlerMs
  const worker = new core.Worker({
    store,
    concurrency: config.concurrency,
    leaseMs: config.leaseMs,
    graceMs: 5_000,
    handlers: {
      chaos: async (_payload: unknown, ctx: { job: { id: string }; attempt: number }) => {
        await record(ctx.job.id, ctx.attempt)
        await new Promise((resolve) => setTimeout(resolve, min + Math.random() * (max - min)))
        return null
      },
    },
  })
  worker.on?.('error', (error) => console.error(`chaos worker ${process.pid}:`, (error as Error)?.message ?? error))
  // Node still prints each warning; the parent also counts them (a warning is a bug to look at, not a crash).
  process.on('warning', (warning) => send({ type: 'warning', name: warning.name, message: warning.message }))
  process.on('message', (message: ToWorker) => {
    if (message.type !== 'stop') return
    void worker.stop().then(() => {
      send({ type: 'stopped' })
      process.exit(0)
    })
  })
  await worker.start()
  send({ type: 'ready' })
}

main().catch((error: unknown) => {
  send({ type: 'error', message: (error as Error).message })
  console.error(error)
  process.exit(1)
})
