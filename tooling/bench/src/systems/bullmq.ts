/**
 * BullMQ 6 on Redis through its public API: `addBulk`, `add`, a Worker with concurrency 10.
 * Completed jobs are kept (its default), like the SQL queues keep them. Keys live under a random
 * prefix, removed at teardown.
 */
import { Queue, Worker } from 'bullmq'
import { Redis } from 'ioredis'
import { REDIS_URL, suffix } from '../harness/env.js'
import { redisReachable } from '../harness/redis.js'
import type { BenchJob, System, SystemSpec } from './system.js'

const QUEUE = 'bench'

function bullmq(): System {
  const prefix = `bench-bull-${suffix()}`
  let connection: Redis
  let queue: Queue
  let worker: Worker | undefined

  return {
    async setup() {
      connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null })
      queue = new Queue(QUEUE, { connection, prefix })
      await queue.waitUntilReady()
    },
    async teardown() {
      await this.stopWorkers()
      await queue.obliterate({ force: true })
      await queue.close()
      connection.disconnect()
    },
    async enqueueMany(jobs) {
      for (let k = 0; k < jobs.length; k += 5000) {
        await queue.addBulk(jobs.slice(k, k + 5000).map((data) => ({ name: 'bench', data })))
      }
    },
    async enqueueOne(job) {
      await queue.add('bench', job)
    },
    async startWorkers({ concurrency, onJob }) {
      const workerConnection = new Redis(REDIS_URL, { maxRetriesPerRequest: null })
      worker = new Worker<BenchJob>(QUEUE, async (job) => onJob(job.data), { connection: workerConnection, prefix, concurrency })
      await worker.waitUntilReady()
    },
    async stopWorkers() {
      if (!worker) return
      await worker.close()
      worker = undefined
    },
    async unfinished() {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')
      return Object.values(counts).reduce((a, b) => a + b, 0)
    },
  }
}

export const bullmqSpec: SystemSpec = {
  name: 'bullmq-redis',
  backend: 'redis',
  settings: 'BullMQ 6 on Redis 7, Worker concurrency 10, completed jobs kept',
  quick: true,
  available: redisReachable,
  create: bullmq,
}
