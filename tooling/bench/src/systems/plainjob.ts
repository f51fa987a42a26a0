/**
 * plainjob 0.0.14 on better-sqlite3 (WAL, its defaults). A plainjob worker runs one job at a time,
 * so concurrency 10 is ten workers on the one queue, as its README suggests for throughput.
 */
import Database from 'better-sqlite3'
import { better, defineQueue, defineWorker, JobStatus, type Queue, type Worker } from 'plainjob'
import { tempDbFile } from '../harness/tmp.js'
import type { BenchJob, System, SystemSpec } from './system.js'

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined }

function plainjob(): System {
  const { file, remove } = tempDbFile('plainjob')
  let db: Database.Database
  let queue: Queue
  let workers: Worker[] = []

  return {
    async setup() {
      db = new Database(file)
      db.pragma('journal_mode = WAL')
      queue = defineQueue({ connection: better(db), logger: silent })
    },
    async teardown() {
      await this.stopWorkers()
      queue.close()
      remove()
    },
    async enqueueMany(jobs) {
      queue.addMany('bench', jobs)
    },
    async enqueueOne(job) {
      queue.add('bench', job)
    },
    async startWorkers({ concurrency, onJob }) {
      workers = Array.from({ length: concurrency }, () =>
        defineWorker('bench', async (job) => onJob(JSON.parse(job.data) as BenchJob), { queue, logger: silent, pollIntervall: 10 }),
      )
      for (const worker of workers) void worker.start()
    },
    async stopWorkers() {
      await Promise.all(workers.map((w) => w.stop()))
      workers = []
    },
    async unfinished() {
      return queue.countJobs({ status: JobStatus.Pending }) + queue.countJobs({ status: JobStatus.Processing })
    },
  }
}

export const plainjobSpec: SystemSpec = {
  name: 'plainjob-sqlite',
  backend: 'sqlite',
  settings: 'plainjob 0.0.14, better-sqlite3 WAL + synchronous=NORMAL (its own pragmas), 10 workers, poll 10 ms',
  quick: true,
  available: async () => null,
  create: plainjob,
}
