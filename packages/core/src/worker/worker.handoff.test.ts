import { describe, expect, it } from 'vitest'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import type { InsertParams, JobStore } from '../store/port.js'
import { silentLogger } from './logger.js'
import { gate, spyStore, until } from './spy-store.fixture.js'
import { Worker } from './worker.js'

const quiet = { logger: silentLogger }

/** Starts `worker` and waits until its first claim came back empty: it is idle, waiting for work. */
async function idle(worker: Worker, spy: ReturnType<typeof spyStore>): Promise<void> {
  worker.start()
  await until(() => spy.count('claim') >= 1)
  await new Promise((resolve) => setTimeout(resolve, 30))
}

function insertLeases(spy: ReturnType<typeof spyStore>): (string | undefined)[] {
  return ((spy.calls.insert ?? []) as InsertParams[]).map((p) => p.lease?.workerId)
}

describe('Worker handoff (queue.add to an idle worker of the same store)', () => {
  it('an idle worker runs a job added in this process straight from the insert, without a claim', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const started: string[] = []
    const worker = new Worker({ store: spy.store, pollMs: 60_000, handlers: { run: (p: string) => void started.push(p) }, ...quiet })
    await idle(worker, spy)
    const claims = spy.count('claim')
    try {
      const job = await queue.add('run', 'a')
      expect(job).toMatchObject({ state: 'active', attempts: 1, lockedBy: worker.id })
      await until(async () => (await queue.get(job.id))?.state === 'completed')
      expect(started).toEqual(['a'])
      expect(spy.count('claim')).toBe(claims)
      expect(insertLeases(spy)).toEqual([worker.id])
    } finally {
      await worker.stop()
    }
  })

  it('a worker with a job running leaves the next to a claim, free slots or not', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const open = gate()
    const ran: string[] = []
    const worker = new Worker({
      store: spy.store,
      concurrency: 10,
      pollMs: 5,
      handlers: {
        run: async (p: string) => {
          ran.push(p)
          if (p === 'a') await open.promise
        },
      },
      ...quiet,
    })
    await idle(worker, spy)
    try {
      expect((await queue.add('run', 'a')).state).toBe('active')
      expect((await queue.add('run', 'b')).state).toBe('ready')
      open.open()
      await until(async () => (await queue.counts()).completed === 2)
      expect(ran).toEqual(['a', 'b'])
      expect(insertLeases(spy)).toEqual([worker.id, undefined])
    } finally {
      await worker.stop()
    }
  })

  it('hands off only what the worker would claim itself: its queues, priorities and names, due, ungrouped, not unique', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const worker = new Worker({ store: spy.store, queues: ['q'], priority: { min: 0, max: 10 }, pollMs: 60_000, handlers: { run: () => null }, ...quiet })
    await idle(worker, spy)
    try {
      const refused = [
        await queue.add('run', 1, { queue: 'other' }),
        await queue.add('unknown', 1, { queue: 'q' }),
        await queue.add('run', 1, { queue: 'q', priority: 11 }),
        await queue.add('run', 1, { queue: 'q', groupKey: 'g' }),
        await queue.add('run', 1, { queue: 'q', uniqueKey: 'u' }),
        await queue.add('run', 1, { queue: 'q', delayMs: 60_000 }),
      ]
      expect(refused.map((j) => j.state)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready', 'scheduled'])
      expect(insertLeases(spy).every((lease) => lease === undefined)).toBe(true)
      expect((await queue.add('run', 2, { queue: 'q', priority: 10 })).state).toBe('active')
    } finally {
      await worker.stop()
    }
  })

  it('handoff: false keeps every job on the claim path', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const worker = new Worker({ store: spy.store, handoff: false, pollMs: 5, handlers: { run: () => null }, ...quiet })
    await idle(worker, spy)
    try {
      const job = await queue.add('run', 1)
      expect(job.state).toBe('ready')
      await until(async () => (await queue.get(job.id))?.state === 'completed')
      expect(insertLeases(spy)).toEqual([undefined])
    } finally {
      await worker.stop()
    }
  })

  it('a failed leased insert rejects add and frees the reserved slot', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const worker = new Worker({ store: spy.store, concurrency: 1, pollMs: 60_000, handlers: { run: () => null }, ...quiet })
    await idle(worker, spy)
    try {
      spy.failNext('insert')
      await expect(queue.add('run', 1)).rejects.toThrow(/injected insert failure/)
      const job = await queue.add('run', 2)
      expect(job.state).toBe('active')
      await until(async () => (await queue.get(job.id))?.state === 'completed')
    } finally {
      await worker.stop()
    }
  })

  it('a job whose leased insert commits after stop() began goes back to ready, its attempt given back', async () => {
    const inner = memoryStore()
    const commit = gate()
    let held = false
    // The store object both share: inserts wait for the gate once it is armed.
    const store: JobStore = new Proxy(inner, {
      get(target, prop, receiver) {
        if (prop !== 'insert') return Reflect.get(target, prop, receiver)
        return async (params: InsertParams) => {
          if (held) await commit.promise
          return target.insert(params)
        }
      },
    })
    const queue = new Queue({ store })
    const ran: number[] = []
    const worker = new Worker({ store, pollMs: 60_000, handlers: { run: (p: number) => void ran.push(p) }, ...quiet })
    worker.start()
    await new Promise((resolve) => setTimeout(resolve, 30))
    held = true
    const added = queue.add('run', 1)
    const stopped = worker.stop()
    commit.open()
    const job = await added
    await stopped
    expect(ran).toEqual([])
    expect(await queue.get(job.id)).toMatchObject({ state: 'ready', attempts: 0, lockedBy: null })
  })
})
