import { describe, expect, it } from 'vitest'
import { PermanentError, StopWorkerError, WaitError } from '../errors.js'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import { silentLogger } from './logger.js'
import { JobTimeoutError, LeaseLostError } from './outcome.js'
import { gate, until } from './spy-store.fixture.js'
import { Worker } from './worker.js'

const quiet = { logger: silentLogger }

function setup() {
  const store = memoryStore()
  return { store, queue: new Queue({ store }) }
}

describe('Worker error handling', () => {
  it('fails a job at once on PermanentError', async () => {
    const { store, queue } = setup()
    const job = await queue.add('charge', null, { maxAttempts: 5 })
    const failed: unknown[] = []
    const worker = new Worker({ store, handlers: { charge: () => { throw new PermanentError('card declined') } }, ...quiet })
    worker.on('failed', (_job, error) => failed.push(error))
    await worker.drain()
    const after = await queue.get(job.id)
    expect(after?.state).toBe('failed')
    expect(after?.attempts).toBe(1)
    expect(after?.lastError).toContain('card declined')
    expect(failed).toHaveLength(1)
    expect(failed[0]).toBeInstanceOf(PermanentError)
  })

  it('retries a temporary error at the backoff time and counts the attempt', async () => {
    const { store, queue } = setup()
    const job = await queue.add('flaky', null, { backoff: { type: 'exponential', baseMs: 1000, maxMs: 16 * 60_000 } })
    const retries: Date[] = []
    const worker = new Worker({ store, handlers: { flaky: () => { throw new Error('timeout talking to the API') } }, ...quiet })
    worker.on('retry', (_job, _error, runAt) => retries.push(runAt))
    const before = Date.now()
    await worker.drain()
    const after = await queue.get(job.id)
    expect(after?.state).toBe('retry')
    expect(after?.attempts).toBe(1)
    expect(after?.lastError).toContain('timeout talking to the API')
    const delay = (after?.runAt.getTime() ?? 0) - before
    // First retry: 1 s with jitter drawn from [75 %, 100 %].
    expect(delay).toBeGreaterThanOrEqual(750)
    expect(delay).toBeLessThanOrEqual(1000 + (Date.now() - before))
    expect(retries.map((d) => d.getTime())).toEqual([after?.runAt.getTime()])
  })

  it('fails a job once its attempts are exhausted', async () => {
    const { store, queue } = setup()
    const job = await queue.add('flaky', null, { maxAttempts: 3, backoff: { type: 'fixed', delayMs: 0 } })
    let runs = 0
    const worker = new Worker({ store, handlers: { flaky: () => { runs++; throw new Error(`boom ${runs}`) } }, ...quiet })
    await worker.drain()
    const after = await queue.get(job.id)
    expect(runs).toBe(3)
    expect(after?.state).toBe('failed')
    expect(after?.attempts).toBe(3)
    expect(after?.lastError).toContain('boom 3')
  })

  it('puts a job to waiting on WaitError without counting the attempt, then runs it again', async () => {
    const { store, queue } = setup()
    const job = await queue.add('poll', null, { maxAttempts: 1 })
    let runs = 0
    const waiting: Date[] = []
    const worker = new Worker({
      store,
      pollMs: 5,
      handlers: {
        poll: () => {
          runs++
          if (runs < 3) throw new WaitError(20, 'export not ready')
          return 'ready now'
        },
      },
      ...quiet,
    })
    worker.on('waiting', (_job, runAt) => waiting.push(runAt))
    await worker.drain()
    const parked = await queue.get(job.id)
    expect(parked?.state).toBe('waiting')
    expect(parked?.attempts).toBe(0)
    expect(parked?.lastError).toBe('export not ready')
    worker.start()
    await until(async () => (await queue.get(job.id))?.state === 'completed', 3000, 'completion after waiting')
    await worker.stop()
    const done = await queue.get(job.id)
    // maxAttempts 1 and three runs: the two waits did not use up the budget.
    expect(done?.attempts).toBe(1)
    expect(done?.result).toBe('ready now')
    expect(waiting).toHaveLength(2)
  })

  it('fails a job whose name has no handler, with a message naming it', async () => {
    const { store, queue } = setup()
    const job = await queue.add('unknown.task', null)
    const worker = new Worker({ store, handlers: { known: () => null }, ...quiet })
    await worker.drain()
    const after = await queue.get(job.id)
    expect(after?.state).toBe('failed')
    expect(after?.attempts).toBe(1)
    expect(after?.lastError).toContain('no handler for job name "unknown.task"')
  })

  it('settles a StopWorkerError without cause as permanent, then stops the worker', async () => {
    const { store, queue } = setup()
    const first = await queue.add('die', null, { priority: 900 })
    const second = await queue.add('die', null)
    let stopped = false
    const worker = new Worker({ store, concurrency: 1, handlers: { die: () => { throw new StopWorkerError('connection closed') } }, ...quiet })
    worker.on('stopped', () => (stopped = true))
    worker.start()
    await until(() => stopped, 3000, 'the worker to stop')
    expect(worker.isRunning).toBe(false)
    const after = await queue.get(first.id)
    expect(after?.state).toBe('failed')
    expect(after?.lastError).toContain('connection closed')
    expect((await queue.get(second.id))?.state).toBe('ready')
  })

  it('settles a StopWorkerError by the error it wraps', async () => {
    const { store, queue } = setup()
    const temporary = await queue.add('die', 'temporary', { priority: 900 })
    const waiting = await queue.add('die', 'wait')
    const run = async (payload: string) => {
      const cause = payload === 'wait' ? new WaitError(60_000, 'later') : new Error('deadlock')
      throw new StopWorkerError('stop after this one', { cause })
    }
    const first = new Worker({ store, concurrency: 1, handlers: { die: run }, ...quiet })
    await first.drain()
    expect((await queue.get(temporary.id))?.state).toBe('retry')
    expect((await queue.get(temporary.id))?.lastError).toContain('deadlock')
    expect((await queue.get(waiting.id))?.state).toBe('ready')
    const second = new Worker({ store, concurrency: 1, handlers: { die: run }, ...quiet })
    await second.drain()
    const after = await queue.get(waiting.id)
    expect(after?.state).toBe('waiting')
    expect(after?.attempts).toBe(0)
  })

  it('aborts the signal on timeoutMs and counts a failed attempt', async () => {
    const { store, queue } = setup()
    const job = await queue.add('hang', null, { timeoutMs: 30, maxAttempts: 2, backoff: { type: 'fixed', delayMs: 60_000 } })
    let reason: unknown
    const worker = new Worker({
      store,
      handlers: {
        hang: (_p, ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => {
              reason = ctx.signal.reason
              reject(ctx.signal.reason)
            })
          }),
      },
      ...quiet,
    })
    await worker.drain()
    expect(reason).toBeInstanceOf(JobTimeoutError)
    const after = await queue.get(job.id)
    expect(after?.state).toBe('retry')
    expect(after?.attempts).toBe(1)
    expect(after?.lastError).toContain('timed out after 30 ms')
  })

  it('applies the worker timeout to jobs without one, and frees the slot even if the handler ignores the signal', async () => {
    const { store, queue } = setup()
    const job = await queue.add('hang', null, { maxAttempts: 1 })
    const worker = new Worker({ store, timeoutMs: 25, handlers: { hang: () => new Promise(() => {}) }, ...quiet })
    await worker.drain()
    const after = await queue.get(job.id)
    expect(after?.state).toBe('failed')
    expect(after?.lastError).toContain('JobTimeoutError')
  })

  it('aborts the signal of an active job that is cancelled, and its late result is refused', async () => {
    const { store, queue } = setup()
    const job = await queue.add('long', null)
    const started = gate()
    let reason: unknown
    const lost: string[] = []
    const worker = new Worker({
      store,
      leaseMs: 90,
      handlers: {
        long: async (_p, ctx) => {
          started.open()
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
          reason = ctx.signal.reason
          return 'finished anyway'
        },
      },
      ...quiet,
    })
    worker.on('lost', (j) => lost.push(j.id))
    worker.start()
    await started.promise
    expect((await queue.cancel(job.id))?.changed).toBe(true)
    await until(() => reason !== undefined, 2000, 'the signal to abort')
    expect(reason).toBeInstanceOf(LeaseLostError)
    expect(lost).toEqual([job.id])
    await worker.stop()
    const after = await queue.get(job.id)
    expect(after?.state).toBe('cancelled')
    expect(after?.result).toBeNull()
  })

  it('takes back the job of a worker that died once its lease expired', async () => {
    const { store, queue } = setup()
    const job = await queue.add('work', 'payload')
    // A "dead" worker: it claims the job with a short lease and never settles it.
    const [claimed] = await store.claim({ workerId: 'dead', limit: 1, leaseMs: 40 })
    expect(claimed?.id).toBe(job.id)
    const worker = new Worker({ store, leaseMs: 60, reclaimMs: 10, handlers: { work: (p: string) => `done ${p}` }, ...quiet })
    worker.start()
    await until(async () => (await queue.get(job.id))?.state === 'completed', 3000, 'the reclaimed job to complete')
    await worker.stop()
    const after = await queue.get(job.id)
    expect(after?.attempts).toBe(2)
    expect(after?.result).toBe('done payload')
    // The dead worker's lease no longer counts.
    expect(await store.settle({ outcomes: [{ type: 'complete', lease: claimed!.lease, result: 'late' }] })).toEqual([{ id: job.id, ok: false }])
  })
})
