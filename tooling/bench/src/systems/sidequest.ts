/**
 * Sidequest 1.16.4 on PostgreSQL through its public API (`Sidequest.configure/start/stop/build`).
 * Jobs run in this process (`fork: false`, `runner: 'inline'`, the mode its docs give for
 * single-process setups): its default forks a child process that runs jobs in worker threads, where
 * the harness's handler cannot be called. One queue whose concurrency is the run's; the dispatcher
 * polls every 10 ms (default 100 ms; its docs: lower it for latency). The dashboard is off, so no
 * port is opened. It has no bulk enqueue, so a batch is one `enqueue()` per job.
 *
 * SQLite is not here: `@sidequest/sqlite-backend` exists only as 1.16.5, which depends on
 * `@sidequest/core@1.16.5`, a version that was never published, so it cannot be installed.
 */
import { Job, Sidequest } from 'sidequest'
import { PG_URL, suffix } from '../harness/env.js'
import { dropSchema, pgExec, pgReachable } from '../harness/pg.js'
import type { BenchJob, System, SystemSpec } from './system.js'

const QUEUE = 'bench'

/** The handler of the running system; Sidequest is a process-wide singleton, so one at a time. */
let handler: ((job: BenchJob) => void) | undefined

/**
 * The benchmark's no-op job. Sidequest finds a job's class by re-importing the file that exports
 * it, which in inline mode is this very module, so the handler above is the one it calls.
 */
export class SidequestBenchJob extends Job {
  run(job: BenchJob): void {
    handler?.(job)
  }
}

function sidequest(): System {
  const schema = `bench_sq_${suffix()}`
  const config = {
    backend: {
      driver: '@sidequest/postgres-backend' as const,
      config: { connection: PG_URL, searchPath: [schema] },
    },
    queues: [{ name: QUEUE }],
    // The global cap stays out of the way: the queue's concurrency is the limit that counts.
    maxConcurrentJobs: 1_000,
    fork: false,
    runner: 'inline' as const,
    jobPollingInterval: 10,
    gracefulShutdown: false,
    logger: { level: 'error' },
    dashboard: { enabled: false },
  }
  let configured = false

  return {
    async setup() {
      await Sidequest.configure(config)
      configured = true
    },
    async teardown() {
      handler = undefined
      if (configured) await Sidequest.stop()
      configured = false
      await dropSchema(schema)
    },
    async enqueueMany(jobs) {
      for (const job of jobs) await Sidequest.build(SidequestBenchJob).queue(QUEUE).enqueue(job)
    },
    async enqueueOne(job) {
      await Sidequest.build(SidequestBenchJob).queue(QUEUE).enqueue(job)
    },
    async startWorkers({ concurrency, onJob }) {
      handler = onJob
      // start() creates the queue (default concurrency 10); the dispatcher rereads it on every poll.
      await Sidequest.start(config)
      await Sidequest.queue.setConcurrency(QUEUE, concurrency)
    },
    async stopWorkers() {
      // Stopping the engine also closes its backend; nothing enqueues after the workers stop.
      if (configured) await Sidequest.stop()
      configured = false
      handler = undefined
    },
    async unfinished() {
      const { rows } = await pgExec(
        `select count(*)::int as n from "${schema}".sidequest_jobs where state in ('waiting', 'claimed', 'running')`,
      )
      return rows[0].n as number
    },
  }
}

export const sidequestSpec: SystemSpec = {
  name: 'sidequest-postgres',
  backend: 'postgres',
  settings: 'sidequest 1.16.4, in-process inline runner, queue concurrency 10, poll 10 ms, dashboard off, one enqueue() per job',
  quick: false,
  available: pgReachable,
  create: sidequest,
}
