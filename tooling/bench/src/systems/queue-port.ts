/**
 * A diagnostic, not a product: the @queue store driven through its port by a loop like the raw
 * reference loop (claim 100, run 10 at a time, settle the 100 in one call; two loops), bypassing the
 * Worker. The gap between this and `raw-*-b100` is the store's SQL; the gap between this and
 * `@queue-*` is the Worker's batching.
 */
import { loadCore, openQueueStore, unfinishedOf, type OpenedStore } from './queue.js'
import { seedFinishedJobs } from './queue-seed.js'
import type { Backend, BenchJob, System, SystemSpec, WorkOptions } from './system.js'

interface PortStore {
  claim(p: { workerId: string; limit: number; leaseMs: number }): Promise<{ payload: unknown; lease: unknown }[]>
  settle(p: { outcomes: { type: 'complete'; lease: unknown; result: unknown }[] }): Promise<unknown>
}

function portLoop(backend: Backend, batch: number): System {
  let opened: OpenedStore
  let queue: { addMany(items: { name: string; payload: unknown }[]): Promise<unknown>; add(name: string, payload: unknown): Promise<unknown> }
  let running = false
  let loops: Promise<void>[] = []

  async function loop(onJob: WorkOptions['onJob'], concurrency: number, id: number): Promise<void> {
    const store = opened.store as unknown as PortStore
    while (running) {
      const jobs = await store.claim({ workerId: `port-${id}`, limit: batch, leaseMs: 30_000 })
      if (jobs.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5))
        continue
      }
      for (let k = 0; k < jobs.length; k += concurrency) {
        await Promise.all(jobs.slice(k, k + concurrency).map(async (job) => onJob(job.payload as BenchJob)))
      }
      await store.settle({ outcomes: jobs.map((job) => ({ type: 'complete' as const, lease: job.lease, result: null })) })
    }
  }

  return {
    async setup() {
      const core = await loadCore()
      opened = await openQueueStore(backend)
      await opened.store.migrate()
      queue = new core.Queue({ store: opened.store })
    },
    async teardown() {
      await this.stopWorkers()
      await opened.store.close()
      await opened.drop()
    },
    async enqueueMany(jobs) {
      await queue.addMany(jobs.map((payload) => ({ name: 'bench', payload })))
    },
    async enqueueOne(job) {
      await queue.add('bench', job)
    },
    async startWorkers({ concurrency, onJob }) {
      running = true
      loops = [0, 1].map((id) => loop(onJob, concurrency, id))
    },
    async stopWorkers() {
      running = false
      await Promise.all(loops)
    },
    async unfinished() {
      return unfinishedOf(await opened.store.counts({}))
    },
    seedFinished: (n) => seedFinishedJobs(opened, n),
  }
}

export const portSpecs: SystemSpec[] = (['postgres', 'sqlite'] as const).map((backend) => ({
  name: `@queue-${backend}-port-b100`,
  backend,
  settings: `diagnostic: the @queue ${backend} store's claim/settle driven directly, batch 100, two loops (no Worker)`,
  optIn: backend === 'sqlite',
  available: async () => {
    try {
      await loadCore()
      return null
    } catch (error) {
      return (error as Error).message
    }
  },
  create: () => portLoop(backend, 100),
}))

