import { describe, expect, it } from 'vitest'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import type { JobStore, Notifier } from '../store/port.js'
import { silentLogger } from './logger.js'
import { spyStore, until } from './spy-store.fixture.js'
import { Worker } from './worker.js'

const quiet = { logger: silentLogger }

/** The memory store with its notifier wrapped to count subscriptions, or to fail them. */
function withNotifier(inner: JobStore, behaviour: 'count' | 'fail') {
  const counts = { listening: 0 }
  const real = inner.notifier as Notifier
  const notifier: Notifier = {
    notify: (queue) => real.notify(queue),
    async listen(onWake) {
      if (behaviour === 'fail') throw new Error('LISTEN refused')
      const unlisten = await real.listen(onWake)
      counts.listening++
      return async () => {
        counts.listening--
        await unlisten()
      }
    },
  }
  return { store: { ...inner, notifier } as JobStore, counts }
}

/** The memory store as a store with database wake-ups (`notify: 'native'`), as PostgreSQL's. */
function nativeNotify(inner: JobStore): JobStore {
  return { ...inner, capabilities: { ...inner.capabilities, notify: 'native' } } as JobStore
}

describe('Worker wake-ups', () => {
  it('with database wake-ups, polls once right after each job and then at pollMs.max', async () => {
    const spy = spyStore(nativeNotify(memoryStore()))
    const queue = new Queue({ store: spy.store })
    const handled: number[] = []
    const worker = new Worker({ store: spy.store, pollMs: { min: 5, max: 1_000 }, handlers: { run: (n: number) => void handled.push(n) }, ...quiet })
    worker.start()
    try {
      await until(() => spy.count('claim') >= 1)
      await new Promise((resolve) => setTimeout(resolve, 50))
      for (let n = 0; n < 3; n++) {
        await queue.add('run', n)
        await until(() => handled.length === n + 1)
        await new Promise((resolve) => setTimeout(resolve, 60))
      }
      // The first claim, and per job the notified claim and one quick poll after it: no more polls
      // at 10, 20, 40 ms after each job (13 claims in all before).
      expect(spy.count('claim')).toBeLessThanOrEqual(7)
    } finally {
      await worker.stop()
    }
  })

  it('with database wake-ups, wakes for its own retry when it falls due, not at the next poll', async () => {
    const store = nativeNotify(memoryStore())
    let runs = 0
    const at: number[] = []
    const worker = new Worker({
      store,
      pollMs: { min: 5, max: 10_000 },
      handlers: {
        flaky: () => {
          at.push(performance.now())
          if (++runs === 1) throw new Error('once')
          return 'ok'
        },
      },
      ...quiet,
    })
    worker.start()
    try {
      await new Queue({ store }).add('flaky', {}, { backoff: { type: 'fixed', delayMs: 150 } })
      await until(() => runs === 2, 3_000, 'the retry')
      expect((at[1] as number) - (at[0] as number)).toBeLessThan(1_000)
    } finally {
      await worker.stop()
    }
  })

  it('subscribes to the notifier while running and unsubscribes on stop', async () => {
    const { store, counts } = withNotifier(memoryStore(), 'count')
    const worker = new Worker({ store, handlers: {}, ...quiet })
    worker.start()
    await until(() => counts.listening === 1, 2000, 'the subscription')
    await worker.stop()
    expect(counts.listening).toBe(0)
  })

  it('falls back to polling when the notifier cannot listen, and reports it', async () => {
    const { store } = withNotifier(memoryStore(), 'fail')
    const queue = new Queue({ store })
    const errors: unknown[] = []
    const worker = new Worker({ store, pollMs: { min: 5, max: 20 }, handlers: { run: () => 'polled' }, ...quiet })
    worker.on('error', (error) => errors.push(error))
    worker.start()
    await until(() => errors.length === 1, 2000, 'the listen error')
    const job = await queue.add('run', null)
    await until(async () => (await queue.get(job.id))?.state === 'completed', 2000, 'the job, found by polling')
    await worker.stop()
    expect((errors[0] as Error).message).toBe('LISTEN refused')
  })

  /** An idle worker of queue `emails` that polls only once a minute, on the memory store, counting its claims. */
  async function idleEmailsWorker() {
    const store = memoryStore()
    let claims = 0
    const counted: JobStore = { ...store, claim: (p) => (claims++, store.claim(p)) }
    const worker = new Worker({ store: counted, queues: ['emails'], pollMs: 60_000, handlers: { run: () => null }, ...quiet })
    worker.start()
    await until(() => claims >= 1, 2000, 'the first claim')
    await new Promise((resolve) => setTimeout(resolve, 20))
    return { store, worker, claims: () => claims }
  }

  it('ignores wake-ups for queues it does not serve', async () => {
    const { store, worker, claims } = await idleEmailsWorker()
    const queue = new Queue({ store })
    const before = claims()
    await queue.add('run', null, { queue: 'reports' })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(claims()).toBe(before)
    await queue.add('run', null, { queue: 'emails' })
    await until(() => claims() > before, 2000, 'a claim after the emails wake-up')
    await worker.stop()
  })

  it("takes a wake-up for no queue in particular ('', as after a notifier's reconnect) as one for its own queues", async () => {
    const { store, worker, claims } = await idleEmailsWorker()
    const before = claims()
    await store.notifier?.notify('')
    await until(() => claims() > before, 2000, "a claim after the '' wake-up")
    await worker.stop()
  })

  it('reports a throwing onNotify as an error event and carries on', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const job = await queue.add('flaky', null, { maxAttempts: 2, backoff: { type: 'fixed', delayMs: 0 } })
    const errors: unknown[] = []
    const worker = new Worker({
      store,
      handlers: { flaky: (_p, ctx) => { if (ctx.attempt === 1) throw new Error('first'); return 'second' } },
      notifyAfterAttempts: 1,
      onNotify: () => {
        throw new Error('pager down')
      },
      ...quiet,
    })
    worker.on('error', (error) => errors.push(error))
    await worker.drain()
    expect((errors[0] as Error).message).toBe('pager down')
    expect((await queue.get(job.id))?.result).toBe('second')
  })
})
