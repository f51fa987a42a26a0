/**
 * pg-boss 12 through its public API, with LISTEN/NOTIFY on (`useListenNotify`, queue `notify`)
 * and the fastest polling it allows (0.5 s). Two worker shapes: "pg-boss" fetches one job per
 * worker with 10 local workers (its default batchSize 1); "pg-boss-batch" fetches 10 per call with
 * `burstWhenBatchFull`, the batch settled in one statement.
 */
import { PgBoss } from 'pg-boss'
import { PG_URL, suffix } from '../harness/env.js'
import { dropSchema, pgExec, pgReachable } from '../harness/pg.js'
import type { BenchJob, System, SystemSpec } from './system.js'

const QUEUE = 'bench'

function pgBoss(batched: boolean): System {
  const schema = `bench_boss_${suffix()}`
  let boss: PgBoss

  return {
    async setup() {
      boss = new PgBoss({ connectionString: PG_URL, schema, useListenNotify: true, max: 12, supervise: false, schedule: false })
      boss.on('error', (error: unknown) => console.error('pg-boss:', (error as Error).message))
      await boss.start()
      await boss.createQueue(QUEUE, { notify: true })
    },
    async teardown() {
      await boss.stop({ graceful: false, timeout: 2000 })
      await dropSchema(schema)
    },
    async enqueueMany(jobs) {
      for (let k = 0; k < jobs.length; k += 5000) {
        await boss.insert(QUEUE, jobs.slice(k, k + 5000).map((data) => ({ data })))
      }
    },
    async enqueueOne(job) {
      await boss.send(QUEUE, job)
    },
    async startWorkers({ concurrency, onJob }) {
      const options = batched
        ? { batchSize: concurrency, localConcurrency: 1, burstWhenBatchFull: true, pollingIntervalSeconds: 0.5 }
        : { batchSize: 1, localConcurrency: concurrency, pollingIntervalSeconds: 0.5 }
      await boss.work<BenchJob>(QUEUE, options, async (jobs) => {
        await Promise.all(jobs.map(async (job) => onJob(job.data)))
      })
    },
    async stopWorkers() {
      await boss.offWork(QUEUE)
    },
    async unfinished() {
      const { rows } = await pgExec(`select count(*)::int as n from "${schema}".job where state < 'completed'`)
      return rows[0].n as number
    },
  }
}

export const pgBossSpecs: SystemSpec[] = [
  {
    name: 'pg-boss',
    backend: 'postgres',
    settings: 'pg-boss 12, LISTEN/NOTIFY, localConcurrency 10, batchSize 1, polling 0.5 s',
    // Each worker waits out its 0.5 s poll after every job: ~20 jobs/s, so only on request.
    optIn: true,
    available: pgReachable,
    create: () => pgBoss(false),
  },
  {
    name: 'pg-boss-batch',
    backend: 'postgres',
    settings: 'pg-boss 12, LISTEN/NOTIFY, batchSize 10, burstWhenBatchFull',
    quick: true,
    available: pgReachable,
    create: () => pgBoss(true),
  },
]
