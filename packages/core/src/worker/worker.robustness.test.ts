import { describe, expect, it } from 'vitest'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import { silentLogger } from './logger.js'
import type { JobStore } from '../store/port.js'
import { gate, spyStore, until } from './spy-store.fixture.js'
import { Worker } from './worker.js'

const quiet = { logger: silentLogger }

describe('Worker robustness against store errors', () => {
  it('retries a failed claim with back-off and still runs the jobs', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 3 }, () => ({ name: 'run', payload: null })))
    spy.failNext('claim', 3)
    const errors: unknown[] = []
    const worker = new Worker({ store: spy.store, handlers: { run: () => 'ok' }, ...quiet })
    worker.on('error', (error) => errors.push(error))
    await worker.drain()
    expect(errors).toHaveLength(3)
    expect((await queue.counts()).completed).toBe(3)
  })

  it('keeps outcomes whose settle failed and settles them later, running no handler twice', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const job = await queue.add('charge', 42)
    spy.failNext('settle', 2)
    let runs = 0
    const worker = new Worker({ store: spy.store, handlers: { charge: (n: number) => { runs++; return n + 1 } }, ...quiet })
    const errors: unknown[] = []
    worker.on('error', (error) => errors.push(error))
    await worker.drain()
    expect(runs).toBe(1)
    expect(errors).toHaveLength(2)
    expect(spy.count('settle')).toBe(3)
    const after = await queue.get(job.id)
    expect(after?.state).toBe('completed')
    expect(after?.result).toBe(43)
  })

  it('survives a failed lease renewal and keeps the job', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    const job = await queue.add('long', null)
    spy.failNext('renewLeases', 1)
    const worker = new Worker({
      store: spy.store,
      leaseMs: 300,
      heartbeatMs: 20,
      handlers: { long: () => new Promise((resolve) => setTimeout(() => resolve('done'), 80)) },
      ...quiet,
    })
    await worker.drain()
    expect(spy.count('renewLeases')).toBeGreaterThanOrEqual(2)
    expect((await queue.get(job.id))?.state).toBe('completed')
  })

  it('survives a failing reclaimExpired', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    await queue.add('run', null)
    spy.failNext('reclaimExpired', 5)
    const worker = new Worker({ store: spy.store, reclaimMs: 5, handlers: { run: () => null }, ...quiet })
    worker.start()
    await until(async () => spy.count('reclaimExpired') >= 3 && (await queue.counts()).completed === 1, 3000, 'reclaims and the job')
    await worker.stop()
  })

  it('gives up settling on stop after a few failed tries instead of hanging', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    await queue.add('run', null)
    const worker = new Worker({ store: spy.store, handlers: { run: () => null }, ...quiet })
    worker.start()
    await until(() => spy.count('claim') >= 1, 2000)
    spy.failNext('settle', 1000)
    await until(() => spy.count('settle') >= 1, 2000, 'a settle attempt')
    await worker.stop()
    expect(worker.isRunning).toBe(false)
    expect(spy.count('settle')).toBeLessThan(20)
  })

  it('releases jobs whose claim was still in flight when stop() was called', async () => {
    const inner = memoryStore()
    const queue = new Queue({ store: inner })
    const job = await queue.add('run', null)
    const claimHeld = gate()
    const claimAsked = gate()
    let first = true
    const store: JobStore = {
      ...inner,
      async claim(params) {
        if (!first) return inner.claim(params)
        first = false
        const leased = await inner.claim(params)
        claimAsked.open()
        await claimHeld.promise
        return leased
      },
    }
    let ran = false
    const worker = new Worker({ store, handlers: { run: () => void (ran = true) }, ...quiet })
    worker.start()
    await claimAsked.promise
    const stopped = worker.stop()
    claimHeld.open()
    await stopped
    expect(ran).toBe(false)
    const after = await queue.get(job.id)
    expect(after?.state).toBe('ready')
    expect(after?.attempts).toBe(0)
  })

  it('reclaims expired leases in full batches until none are left', async () => {
    const spy = spyStore(memoryStore())
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 1500 }, () => ({ name: 'run', payload: null })))
    await spy.store.claim({ workerId: 'dead', limit: 1500, leaseMs: 10 })
    await new Promise((resolve) => setTimeout(resolve, 15))
    const worker = new Worker({ store: spy.store, concurrency: 100, handlers: { run: () => null }, ...quiet })
    await worker.drain()
    // 1000 then 500 at start: the drain that follows finds every job claimable again.
    expect((spy.calls.reclaimExpired as { limit: number }[]).slice(0, 2).map((c) => c.limit)).toEqual([1000, 1000])
    expect((await queue.counts()).completed).toBe(1500)
  })
})
