import { describe, expect, it } from 'vitest'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import type { SettleParams } from '../store/port.js'
import { silentLogger } from './logger.js'
import { ShutdownError } from './outcome.js'
import { gate, spyStore, until } from './spy-store.fixture.js'
import { Worker } from './worker.js'

const quiet = { logger: silentLogger }

describe('Worker lifecycle', () => {
  it('lets running handlers finish within the grace period on stop', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const job = await queue.add('slow', null)
    const started = gate()
    const worker = new Worker({
      store,
      handlers: {
        slow: async () => {
          started.open()
          await new Promise((resolve) => setTimeout(resolve, 40))
          return 'finished'
        },
      },
      ...quiet,
    })
    worker.start()
    await started.promise
    await worker.stop({ graceMs: 5000 })
    const after = await queue.get(job.id)
    expect(after?.state).toBe('completed')
    expect(after?.result).toBe('finished')
  })

  it('aborts handlers still running when the grace period ends and releases them to ready', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const job = await queue.add('stuck', null)
    const started = gate()
    let reason: unknown
    const released: string[] = []
    const worker = new Worker({
      store: spy.store,
      handlers: {
        stuck: (_p, ctx) => {
          started.open()
          ctx.signal.addEventListener('abort', () => (reason = ctx.signal.reason))
          return new Promise(() => {})
        },
      },
      ...quiet,
    })
    worker.on('released', (j) => released.push(j.id))
    worker.start()
    await started.promise
    await worker.stop({ graceMs: 20 })
    expect(reason).toBeInstanceOf(ShutdownError)
    expect(released).toEqual([job.id])
    const outcomes = (spy.calls.settle as SettleParams[]).flatMap((s) => s.outcomes)
    expect(outcomes.map((o) => o.type)).toEqual(['release'])
    const after = await queue.get(job.id)
    // Released, not failed: ready at once for the next worker, and the interrupted attempt is given back.
    expect(after?.state).toBe('ready')
    expect(after?.attempts).toBe(0)
    const next = new Worker({ store: spy.store, handlers: { stuck: () => 'second worker' }, ...quiet })
    await next.drain()
    expect((await queue.get(job.id))?.result).toBe('second worker')
  })

  it('claims nothing after stop() was called', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const worker = new Worker({ store: spy.store, pollMs: 5, handlers: { noop: () => null }, ...quiet })
    worker.start()
    await until(() => spy.count('claim') > 0, 2000, 'a claim')
    await worker.stop()
    const claims = spy.count('claim')
    await queue.add('noop', null)
    await new Promise((resolve) => setTimeout(resolve, 40))
    expect(spy.count('claim')).toBe(claims)
    expect((await queue.counts()).ready).toBe(1)
  })

  it('emits stopped once and resolves repeated stop() calls together', async () => {
    const worker = new Worker({ store: memoryStore(), handlers: {}, ...quiet })
    let stopped = 0
    worker.on('stopped', () => stopped++)
    worker.start()
    await Promise.all([worker.stop(), worker.stop()])
    await worker.stop()
    expect(stopped).toBe(1)
    expect(worker.isRunning).toBe(false)
  })

  it('can be started again after it stopped', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const worker = new Worker({ store, handlers: { noop: () => 'ran' }, ...quiet })
    worker.start()
    await worker.stop()
    const job = await queue.add('noop', null)
    worker.start()
    await until(async () => (await queue.get(job.id))?.state === 'completed', 2000, 'completion')
    await worker.stop()
  })

  it('drains everything claimable now, following a serial group to its end, then resolves', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const order: string[] = []
    for (const step of ['a', 'b', 'c']) await queue.add('step', step, { groupKey: 'invoice-42' })
    await queue.add('step', 'other')
    const future = await queue.add('step', 'tomorrow', { delayMs: 86_400_000 })
    const worker = new Worker({ store, concurrency: 5, handlers: { step: (p: string) => void order.push(p) }, ...quiet })
    let drained = 0
    worker.on('drained', () => drained++)
    await worker.drain()
    expect(order.filter((s) => s !== 'other')).toEqual(['a', 'b', 'c'])
    expect(order).toContain('other')
    expect((await queue.get(future.id))?.state).toBe('scheduled')
    expect(drained).toBe(1)
    expect(worker.isRunning).toBe(false)
  })

  it('runs one job of a serial group at a time', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    for (let i = 0; i < 6; i++) await queue.add('step', i, { groupKey: 'g' })
    let active = 0
    let peak = 0
    const order: number[] = []
    const worker = new Worker({
      store,
      concurrency: 6,
      handlers: {
        step: async (p: number) => {
          peak = Math.max(peak, ++active)
          await new Promise((resolve) => setTimeout(resolve, 2))
          order.push(p)
          active--
        },
      },
      ...quiet,
    })
    await worker.drain()
    expect(peak).toBe(1)
    expect(order).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('resolves drain() on a started worker once it is idle, and keeps running', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const worker = new Worker({ store, handlers: { noop: async () => null }, ...quiet })
    worker.start()
    await queue.addMany(Array.from({ length: 5 }, () => ({ name: 'noop', payload: null })))
    await worker.drain()
    expect((await queue.counts()).completed).toBe(5)
    expect(worker.isRunning).toBe(true)
    const late = await queue.add('noop', null)
    await until(async () => (await queue.get(late.id))?.state === 'completed', 2000, 'the late job')
    await worker.stop()
  })

  it('keeps running when start() is called during a drain, and still resolves the drain', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.add('noop', null)
    const worker = new Worker({ store, handlers: { noop: async () => null }, ...quiet })
    const drained = worker.drain()
    worker.start()
    await drained
    expect(worker.isRunning).toBe(true)
    const late = await queue.add('noop', null)
    await until(async () => (await queue.get(late.id))?.state === 'completed', 2000, 'the late job')
    await worker.stop()
    expect(worker.isRunning).toBe(false)
  })

  it('renews the leases of running jobs so a long handler keeps its job', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const job = await queue.add('long', null)
    // A 60 ms lease and a 150 ms handler: without heartbeats the lease would expire and be reclaimed.
    const worker = new Worker({
      store: spy.store,
      leaseMs: 60,
      reclaimMs: 10,
      handlers: { long: () => new Promise((resolve) => setTimeout(() => resolve('kept'), 150)) },
      ...quiet,
    })
    await worker.drain()
    expect(spy.count('renewLeases')).toBeGreaterThanOrEqual(3)
    const after = await queue.get(job.id)
    expect(after?.state).toBe('completed')
    expect(after?.attempts).toBe(1)
  })
})
