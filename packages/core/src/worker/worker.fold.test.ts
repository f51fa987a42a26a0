import { describe, expect, it } from 'vitest'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import type { ClaimParams, JobStore, SettleAndClaimParams } from '../store/port.js'
import { silentLogger } from './logger.js'
import { spyStore, until } from './spy-store.fixture.js'
import { MAX_CLAIM, Worker } from './worker.js'

const quiet = { logger: silentLogger }

/** The memory store plus a `settleAndClaim` made of its settle and claim, as a SQL store offers it. */
function withSettleAndClaim(inner: JobStore): JobStore {
  const settleAndClaim = async ({ outcomes, claim, now }: SettleAndClaimParams) => {
    const settled = await inner.settle({ outcomes, ...(now ? { now } : {}) })
    return { settled, claimed: await inner.claim(claim) }
  }
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'settleAndClaim') return settleAndClaim
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A handler that yields once, and the most of its runs that were ever in progress at once. */
function countingNoop(): { noop: () => Promise<void>; peak: () => number } {
  let running = 0
  let peak = 0
  const noop = async () => {
    peak = Math.max(peak, ++running)
    await null
    running--
  }
  return { noop, peak: () => peak }
}

/** Starts the worker `make` builds, stops it once `after` handlers ran, and returns the queue's counts then. */
async function stopAfter(queue: Queue, after: number, make: (noop: () => void) => Worker) {
  let done = 0
  let stopping: Promise<void> | undefined
  const worker = make(() => void (++done === after && (stopping = worker.stop())))
  worker.start()
  while (stopping === undefined) await sleep(2)
  await stopping
  return { counts: await queue.counts(), done }
}

describe('Worker prefetch', () => {
  it('claims more than its free slots while handlers finish faster than a claim, running no more than its concurrency', async () => {
    const spy = spyStore(withSettleAndClaim(memoryStore()))
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 300 }, (_, i) => ({ name: 'noop', payload: i })))
    const { noop, peak } = countingNoop()
    const worker = new Worker({ store: spy.store, handlers: { noop }, concurrency: 5, ...quiet })
    await worker.drain()
    expect((await queue.counts()).completed).toBe(300)
    expect(peak()).toBeLessThanOrEqual(5)
    const limits = [...(spy.calls.claim as ClaimParams[]), ...(spy.calls.settleAndClaim as SettleAndClaimParams[]).map((f) => f.claim)].map((c) => c.limit)
    expect(Math.max(...limits)).toBeGreaterThan(5)
    expect(Math.max(...limits)).toBeLessThanOrEqual(MAX_CLAIM)
  })

  it('claims only its free slots when handlers take longer than a claim', async () => {
    const spy = spyStore(withSettleAndClaim(memoryStore()))
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 8 }, (_, i) => ({ name: 'slow', payload: i })))
    const worker = new Worker({ store: spy.store, handlers: { slow: () => sleep(50) }, concurrency: 2, ...quiet })
    await worker.drain()
    expect((await queue.counts()).completed).toBe(8)
    const limits = [...(spy.calls.claim as ClaimParams[]), ...((spy.calls.settleAndClaim ?? []) as SettleAndClaimParams[]).map((f) => f.claim)].map((c) => c.limit)
    expect(Math.max(...limits)).toBeLessThanOrEqual(2)
  })

  it('gives prefetched jobs back to ready when it stops', async () => {
    const store = withSettleAndClaim(memoryStore())
    const queue = new Queue({ store })
    await queue.addMany(Array.from({ length: 400 }, (_, i) => ({ name: 'noop', payload: i })))
    let released = 0
    const { counts } = await stopAfter(queue, 150, (noop) => {
      const worker = new Worker({ store, concurrency: 2, ...quiet, handlers: { noop } })
      worker.on('released', () => released++)
      return worker
    })
    expect(counts.active).toBe(0)
    expect(counts.completed + counts.ready).toBe(400)
    expect(counts.completed).toBeGreaterThanOrEqual(150)
    expect(released).toBeLessThanOrEqual(counts.ready)
  })
})

describe('Worker with a store that offers settleAndClaim', () => {
  it('settles each batch in the same call that claims the next', async () => {
    const spy = spyStore(withSettleAndClaim(memoryStore()))
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 25 }, (_, i) => ({ name: 'noop', payload: i })))
    const worker = new Worker({ store: spy.store, handlers: { noop: async () => null }, concurrency: 10, ...quiet })
    const completed: string[] = []
    worker.on('completed', (job) => completed.push(job.id))
    await worker.drain()
    expect((await queue.counts()).completed).toBe(25)
    expect(new Set(completed).size).toBe(25)
    expect(completed).toHaveLength(25)
    // The first claim, then one settleAndClaim per finished batch; no separate settle.
    expect(spy.count('claim')).toBeLessThanOrEqual(2)
    expect(spy.count('settle')).toBe(0)
    const folds = spy.calls.settleAndClaim as SettleAndClaimParams[]
    expect(folds.reduce((sum, f) => sum + f.outcomes.length, 0)).toBe(25)
    expect(folds.every((f) => f.claim.limit >= 10 && f.claim.workerId === worker.id)).toBe(true)
  })

  it('keeps the outcomes of a failed settleAndClaim and settles them once on a later turn', async () => {
    const spy = spyStore(withSettleAndClaim(memoryStore()))
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 12 }, (_, i) => ({ name: 'noop', payload: i })))
    const worker = new Worker({ store: spy.store, handlers: { noop: async () => null }, concurrency: 5, ...quiet })
    const completed: string[] = []
    const errors: unknown[] = []
    worker.on('completed', (job) => completed.push(job.id))
    worker.on('error', (error) => errors.push(error))
    spy.failNext('settleAndClaim')
    await worker.drain()
    expect((await queue.counts()).completed).toBe(12)
    expect(completed).toHaveLength(12)
    expect(new Set(completed).size).toBe(12)
    expect(errors).toHaveLength(1)
  })

  it('gives outcomes handed back by a failed settleAndClaim a settle deadline again, and never waits on an infinite timer', async () => {
    const spy = spyStore(withSettleAndClaim(memoryStore()))
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 300 }, (_, i) => ({ name: 'tick', payload: i })))
    const warnings: Error[] = []
    const onWarning = (warning: Error) => warnings.push(warning)
    process.on('warning', onWarning)
    try {
      const worker = new Worker({ store: spy.store, handlers: { tick: () => sleep(1) }, concurrency: 5, ...quiet })
      const errors: unknown[] = []
      worker.on('error', (error) => errors.push(error))
      const draining = worker.drain()
      // Fail the fold once the prefetch has grown, so the worker holds a buffer when the batch comes back.
      await until(() => spy.count('settleAndClaim') >= 5, 5000, 'five folds')
      spy.failNext('settleAndClaim', 3)
      spy.failNext('settle', 3)
      spy.failNext('claim', 3)
      await draining
      expect(errors.length).toBeGreaterThanOrEqual(1)
      expect((await queue.counts()).completed).toBe(300)
      // setTimeout(Infinity) would have printed this and spun the loop every millisecond.
      expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([])
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('settles with plain settle while stopping', async () => {
    const spy = spyStore(withSettleAndClaim(memoryStore()))
    const queue = new Queue({ store: spy.store })
    await queue.addMany(Array.from({ length: 3 }, (_, i) => ({ name: 'noop', payload: i })))
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const worker = new Worker({ store: spy.store, handlers: { noop: () => held }, concurrency: 3, ...quiet }).start()
    while ((await queue.counts()).active < 3) await new Promise((resolve) => setTimeout(resolve, 2))
    const stopped = worker.stop()
    release()
    await stopped
    expect((await queue.counts()).completed).toBe(3)
    expect(spy.count('settleAndClaim')).toBe(0)
    expect(spy.count('settle')).toBeGreaterThanOrEqual(1)
  })
})

/** `inner` declaring `parallelClaims`, with claims (and settleAndClaims) that take `delayMs` and count how many run at once. */
function slowParallel(inner: JobStore, parallel: boolean, delayMs: number) {
  const seen = { inFlight: 0, peak: 0, outstanding: 0, peakOutstanding: 0 }
  const timed = async <T>(limit: number, call: () => Promise<T>): Promise<T> => {
    seen.peak = Math.max(seen.peak, ++seen.inFlight)
    seen.outstanding += limit
    seen.peakOutstanding = Math.max(seen.peakOutstanding, seen.outstanding)
    try {
      await sleep(delayMs)
      return await call()
    } finally {
      seen.inFlight--
      seen.outstanding -= limit
    }
  }
  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'capabilities') return { ...target.capabilities, parallelClaims: parallel }
      if (prop === 'claim') return (params: ClaimParams) => timed(params.limit, () => target.claim(params))
      if (prop === 'settleAndClaim') {
        return ({ outcomes, claim }: SettleAndClaimParams) =>
          timed(claim.limit, async () => ({ settled: await target.settle({ outcomes }), claimed: await target.claim(claim) }))
      }
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
  return { store, seen }
}

describe('Worker with a store that claims in parallel', () => {
  for (const parallel of [true, false]) {
    it(`keeps ${parallel ? 'two claims' : 'one claim'} in flight with fast handlers, each for at most MAX_CLAIM jobs`, async () => {
      const { store, seen } = slowParallel(memoryStore(), parallel, 3)
      const queue = new Queue({ store })
      await queue.addMany(Array.from({ length: 3000 }, (_, i) => ({ name: 'noop', payload: i })))
      const { noop, peak } = countingNoop()
      const worker = new Worker({ store, handlers: { noop }, concurrency: 10, ...quiet })
      const completed = new Set<string>()
      worker.on('completed', (job) => completed.add(job.id))
      await worker.drain()
      expect((await queue.counts()).completed).toBe(3000)
      expect(completed.size).toBe(3000)
      expect(peak()).toBeLessThanOrEqual(10)
      expect(seen.peak).toBe(parallel ? 2 : 1)
      // Both claims together ask for no more than the slots plus the largest prefetch.
      expect(seen.peakOutstanding).toBeLessThanOrEqual(parallel ? 2 * MAX_CLAIM : MAX_CLAIM)
    })
  }

  it('keeps a single claim in flight for slow handlers even when the store could take two', async () => {
    const { store, seen } = slowParallel(memoryStore(), true, 1)
    const queue = new Queue({ store })
    await queue.addMany(Array.from({ length: 12 }, (_, i) => ({ name: 'slow', payload: i })))
    const worker = new Worker({ store, handlers: { slow: () => sleep(20) }, concurrency: 3, ...quiet })
    await worker.drain()
    expect((await queue.counts()).completed).toBe(12)
    expect(seen.peak).toBe(1)
  })

  it('hands back the jobs of claims still in flight when it stops, losing none', async () => {
    const { store } = slowParallel(memoryStore(), true, 5)
    const queue = new Queue({ store })
    await queue.addMany(Array.from({ length: 2000 }, (_, i) => ({ name: 'noop', payload: i })))
    const { counts, done } = await stopAfter(queue, 600, (noop) => new Worker({ store, concurrency: 5, ...quiet, handlers: { noop } }))
    expect(counts.active).toBe(0)
    expect(counts.completed + counts.ready).toBe(2000)
    expect(counts.completed).toBeGreaterThanOrEqual(600)
    expect(counts.completed).toBe(done)
  })
})
