/**
 * graphile-worker 0.18 through its public API. "defaults": concurrency 10, nothing else.
 * "batched": the settings of its performance page (localQueue of 500, completeJobBatchDelay 0,
 * failJobBatchDelay 0). It deletes a job once completed, so its table never holds finished jobs.
 */
import { Logger, makeWorkerUtils, run, type Runner, type WorkerUtils } from 'graphile-worker'
import { PG_URL, suffix } from '../harness/env.js'
import { dropSchema, pgExec, pgReachable } from '../harness/pg.js'
import type { BenchJob, System, SystemSpec } from './system.js'

const silent = new Logger(() => () => undefined)

function graphile(batched: boolean): System {
  const schema = `bench_gw_${suffix()}`
  let utils: WorkerUtils
  let runner: Runner | undefined

  return {
    async setup() {
      utils = await makeWorkerUtils({ connectionString: PG_URL, schema, logger: silent })
      await utils.migrate()
    },
    async teardown() {
      await this.stopWorkers()
      await utils.release()
      await dropSchema(schema)
    },
    async enqueueMany(jobs) {
      for (let k = 0; k < jobs.length; k += 5000) {
        await utils.addJobs(jobs.slice(k, k + 5000).map((payload) => ({ identifier: 'bench', payload })))
      }
    },
    async enqueueOne(job) {
      await utils.addJob('bench', job)
    },
    async startWorkers({ concurrency, onJob }) {
      runner = await run({
        connectionString: PG_URL,
        schema,
        concurrency,
        maxPoolSize: concurrency + 2,
        noHandleSignals: true,
        logger: silent,
        taskList: { bench: async (payload) => onJob(payload as BenchJob) },
        preset: batched
          ? { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } }
          : {},
      })
    },
    async stopWorkers() {
      if (!runner) return
      await runner.stop()
      runner = undefined
    },
    async unfinished() {
      const { rows } = await pgExec(`select count(*)::int as n from "${schema}"._private_jobs`)
      return rows[0].n as number
    },
  }
}

export const graphileSpecs: SystemSpec[] = [
  {
    name: 'graphile-worker',
    backend: 'postgres',
    settings: 'graphile-worker 0.18 defaults, concurrency 10',
    quick: true,
    available: pgReachable,
    create: () => graphile(false),
  },
  {
    name: 'graphile-batched',
    backend: 'postgres',
    settings: 'graphile-worker 0.18, localQueue.size 500, completeJobBatchDelay 0, failJobBatchDelay 0',
    quick: true,
    available: pgReachable,
    create: () => graphile(true),
  },
]
