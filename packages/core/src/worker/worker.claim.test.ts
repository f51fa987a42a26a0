import { describe, expect, it } from 'vitest'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import type { ClaimParams, SettleParams } from '../store/port.js'
import { silentLogger } from './logger.js'
import { gate, spyStore, until } from './spy-store.fixture.js'
import { Worker } from './worker.js'

const quiet = { logger: silentLogger }

describe('Worker claiming', () => {
  it('runs a job and stores its result', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const job = await queue.add('double', { n: 21 })
    const worker = new Worker({ store, handlers: { double: (p: { n: number }) => p.n * 2 }, ...quiet })
    await worker.drain()
    const done = await queue.get(job.id)
    expect(done?.state).toBe('completed')
    expect(done?.result).toBe(42)
    expect(done?.attempts).toBe(1)
  })

  it('asks for every free slot in one claim call', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 25 }, (_, i) => ({ name: 'noop', payload: i })))
    const worker = new Worker({ store: spy.store, handlers: { noop: () => null }, concurrency: 10, ...quiet })
    await worker.drain()
    const claims = spy.calls.claim as ClaimParams[]
    expect(claims[0]?.limit).toBe(10)
    // 25 jobs at 10 per claim: 3 claims that lease jobs plus the empty one that ends the drain, not 25+.
    expect(claims.length).toBeLessThanOrEqual(5)
    expect((await queue.counts()).completed).toBe(25)
  })

  it('at idle, claims again after a settle only when the settle freed work (a serial group’s next job)', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const handled: string[] = []
    const worker = new Worker({ store: spy.store, pollMs: 60_000, handlers: { run: (p: string) => void handled.push(p) }, ...quiet })
    worker.start()
    try {
      await until(() => (spy.calls.claim ?? []).length >= 1)
      // Let the first claim come back empty: a job added while it travels may ride on it, and the
      // notification then causes one claim more.
      await new Promise((resolve) => setTimeout(resolve, 50))
      for (const name of ['a', 'b', 'c']) {
        await queue.add('run', name)
        await until(() => handled.includes(name) && (spy.calls.settle ?? []).length >= handled.length)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      // One claim at start, one per notification, none after the settles: each freed nothing (7
      // claims before; a loaded machine may add one when a settle's deadline timer fires).
      expect((spy.calls.claim ?? []).length).toBeLessThanOrEqual(5)
      await queue.addMany([
        { name: 'run', payload: 'g1', options: { groupKey: 'g' } },
        { name: 'run', payload: 'g2', options: { groupKey: 'g' } },
      ])
      // g2 waits behind g1; the settle of g1 frees it, and the claim right after takes it.
      await until(() => handled.includes('g2'))
      expect(handled).toEqual(['a', 'b', 'c', 'g1', 'g2'])
    } finally {
      await worker.stop()
    }
  })

  it('settles outcomes that finish together in one settle call', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 10 }, (_, i) => ({ name: 'noop', payload: i })))
    const worker = new Worker({ store: spy.store, handlers: { noop: async () => null }, concurrency: 10, ...quiet })
    await worker.drain()
    const settles = spy.calls.settle as SettleParams[]
    expect(settles).toHaveLength(1)
    expect(settles[0]?.outcomes).toHaveLength(10)
  })

  it('never runs more handlers at once than its concurrency', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.addMany(Array.from({ length: 30 }, (_, i) => ({ name: 'slow', payload: i })))
    let running = 0
    let peak = 0
    const worker = new Worker({
      store,
      concurrency: 4,
      handlers: {
        slow: async () => {
          peak = Math.max(peak, ++running)
          await new Promise((resolve) => setTimeout(resolve, 2))
          running--
        },
      },
      ...quiet,
    })
    await worker.drain()
    expect(peak).toBe(4)
    expect((await queue.counts()).completed).toBe(30)
  })

  it('runs a higher priority job first', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.add('log', 'low', { priority: 100 })
    await queue.add('log', 'high', { priority: 900 })
    await queue.add('log', 'default')
    const order: string[] = []
    const worker = new Worker({ store, concurrency: 1, handlers: { log: (p: string) => void order.push(p) }, ...quiet })
    await worker.drain()
    expect(order).toEqual(['high', 'default', 'low'])
  })

  it('takes only its queues and its priority range', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.add('log', 'emails-30', { queue: 'emails', priority: 30 })
    await queue.add('log', 'emails-50', { queue: 'emails', priority: 50 })
    await queue.add('log', 'emails-10', { queue: 'emails', priority: 10 })
    await queue.add('log', 'reports-30', { queue: 'reports', priority: 30 })
    const seen: string[] = []
    const worker = new Worker({ store, queues: ['emails'], priority: { min: 20, max: 40 }, handlers: { log: (p: string) => void seen.push(p) }, ...quiet })
    await worker.drain()
    expect(seen).toEqual(['emails-30'])
    const counts = await queue.counts()
    expect(counts.completed).toBe(1)
    expect(counts.ready).toBe(3)
  })

  it('does not claim a delayed job before its time', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const later = await queue.add('noop', null, { delayMs: 60_000 })
    const now = await queue.add('noop', null)
    const worker = new Worker({ store, handlers: { noop: () => 'ok' }, ...quiet })
    await worker.drain()
    expect((await queue.get(now.id))?.state).toBe('completed')
    expect((await queue.get(later.id))?.state).toBe('scheduled')
  })

  it('wakes at once on a notification instead of waiting for the idle poll', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const done = gate<string>()
    // A fixed 60 s poll: only the store's notification can make the worker claim within the test.
    const worker = new Worker({ store: spy.store, pollMs: 60_000, handlers: { hello: (p: string) => done.open(p) }, ...quiet })
    worker.start()
    await until(() => spy.count('claim') >= 1, 2000, 'first claim')
    await new Promise((resolve) => setTimeout(resolve, 20))
    await queue.add('hello', 'world')
    expect(await done.promise).toBe('world')
    await worker.stop()
  })

  it('backs off its idle polling', async () => {
    const spy = spyStore(memoryStore())
    const worker = new Worker({ store: spy.store, pollMs: { min: 5, max: 40 }, handlers: {}, ...quiet })
    worker.start()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await worker.stop()
    // Without back-off, 300 ms at 5 ms is 60 claims; doubling to 40 ms gives about 5 + 300/40.
    expect(spy.count('claim')).toBeGreaterThan(3)
    expect(spy.count('claim')).toBeLessThan(25)
  })

  it('works through a backlog without waiting for the idle poll', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const worker = new Worker({ store, pollMs: 60_000, concurrency: 2, handlers: { noop: async () => null }, ...quiet })
    worker.start()
    await new Promise((resolve) => setTimeout(resolve, 20))
    await queue.addMany(Array.from({ length: 20 }, () => ({ name: 'noop', payload: null })))
    // One notification for the batch; the rest must come from claiming again after each full batch.
    await until(async () => (await queue.counts()).completed === 20, 3000, 'all 20 completed')
    await worker.stop()
  })
})
