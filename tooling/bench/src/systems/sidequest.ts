/**
 * Sidequest 1.16.4 on PostgreSQL and SQLite through its public API (`Sidequest.configure/start/stop/build`).
 * Jobs run in this process (`fork: false`, `runner: 'inline'`, the mode its docs give for
 * single-process setups): its default forks a child process that runs jobs in worker threads, where
 * the harness's handler cannot be called. One queue whose concurrency is the run's; the dispatcher
 * polls every 10 ms (default 100 ms; its docs: lower it for latency). The dashboard is off, so no
 * port is opened. It has no bulk enqueue, so a batch is `enqueue()` calls, 20 in flight at a time.
 *
 * SQLite: `@sidequest/sqlite-backend` exists only as 1.16.5, which depends on `@sidequest/core@1.16.5`,
 * a version that was never published; the root package.json overrides it to 1.16.4, the core the
 * `sidequest` package itself runs on. Its defaults (knex + better-sqlite3) are kept.
 */
import { Job, Sidequest } from 'sidequest'
import Database from 'better-sqlite3'
import { PG_URL, suffix } from '../harness/env.js'
import { dropSchema, pgExec, pgReachable } from '../harness/pg.js'
import { tempDbFile } from '../harness/tmp.js'
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

const UNFINISHED = "state in ('waiting', 'claimed', 'running')"
/** Enqueue calls in flight at once in a batch (Sidequest has no bulk enqueue). */
const ENQUEUE_AT_ONCE = 20

/** Where a run keeps its jobs: a fresh PostgreSQL schema or SQLite file, counted and removed here. */
interface Storage {
  backend: { driver: '@sidequest/postgres-backend'; config: { connection: string; searchPath: string[] } } | { driver: '@sidequest/sqlite-backend'; config: string }
  unfinished(): Promise<number>
  remove(): Promise<void>
}

function postgresStorage(): Storage {
  const schema = `bench_sq_${suffix()}`
  return {
    backend: { driver: '@sidequest/postgres-backend', config: { connection: PG_URL, searchPath: [schema] } },
    async unfinished() {
      const { rows } = await pgExec(`select count(*)::int as n from "${schema}".sidequest_jobs where ${UNFINISHED}`)
      return rows[0].n as number
    },
    remove: () => dropSchema(schema),
  }
}

function sqliteStorage(): Storage {
  const { file, remove } = tempDbFile('sidequest')
  return {
    backend: { driver: '@sidequest/sqlite-backend', config: file },
    async unfinished() {
      const db = new Database(file, { readonly: true })
      try {
        return (db.prepare(`select count(*) as n from sidequest_jobs where ${UNFINISHED}`).get() as { n: number }).n
      } finally {
        db.close()
      }
    },
    remove: async () => remove(),
  }
}

function sidequest(storage: Storage): System {
  const config = {
    backend: storage.backend,
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
      await storage.remove()
    },
    async enqueueMany(jobs) {
      // No bulk API: enqueue() calls, ENQUEUE_AT_ONCE in flight so round trips overlap.
      for (let k = 0; k < jobs.length; k += ENQUEUE_AT_ONCE) {
        await Promise.all(jobs.slice(k, k + ENQUEUE_AT_ONCE).map((job) => Sidequest.build(SidequestBenchJob).queue(QUEUE).enqueue(job)))
      }
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
    unfinished: () => storage.unfinished(),
  }
}

const SETTINGS = 'in-process inline runner, queue concurrency 10, poll 10 ms, dashboard off, enqueue() calls 20 at a time'

export const sidequestSpecs: SystemSpec[] = [
  {
    name: 'sidequest-postgres',
    backend: 'postgres',
    settings: `sidequest 1.16.4, ${SETTINGS}`,
    quick: false,
    available: pgReachable,
    create: () => sidequest(postgresStorage()),
  },
  {
    name: 'sidequest-sqlite',
    backend: 'sqlite',
    settings: `sidequest 1.16.4 + @sidequest/sqlite-backend 1.16.5 (core pinned to 1.16.4), ${SETTINGS}`,
    quick: false,
    // Opt-in (`--only=sidequest-sqlite`): a 20,000-job drain did not finish within the harness's
    // 160 s cell limit (enqueueing alone takes ~40 s at ~540 jobs/s), which would add minutes per run.
    optIn: true,
    available: async () => null,
    create: () => sidequest(sqliteStorage()),
  },
]
