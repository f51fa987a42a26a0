import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { StopWorkerError } from '../errors.js'
import type { Job } from '../job/job.js'
import { Queue } from '../queue/index.js'
import { memoryStore } from '../store/memory/index.js'
import type { Logger } from './logger.js'
import { silentLogger } from './logger.js'
import { until } from './spy-store.fixture.js'
import { Worker } from './worker.js'

const quiet = { logger: silentLogger }

function recordingLogger(records: { level: string; obj: Record<string, unknown>; msg?: string }[], bindings: Record<string, unknown> = {}): Logger {
  const at = (level: string) => (obj: object, msg?: string) => records.push({ level, obj: { ...bindings, ...obj }, ...(msg === undefined ? {} : { msg }) })
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => recordingLogger(records, { ...bindings, ...more }) }
}

describe('Worker hooks, events and monitoring', () => {
  it('calls onBeforeProcess, the handler and onAfterProcess in order', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.add('greet', 'Ada')
    const calls: string[] = []
    const worker = new Worker({
      store,
      handlers: { greet: (name: string) => { calls.push('handler'); return `hi ${name}` } },
      onBeforeProcess: (job) => void calls.push(`before ${job.name}`),
      onAfterProcess: (_job, result) => void calls.push(`after ${String(result)}`),
      ...quiet,
    })
    await worker.drain()
    expect(calls).toEqual(['before greet', 'handler', 'after hi Ada'])
  })

  it('fails the attempt when onBeforeProcess throws, without running the handler', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const job = await queue.add('greet', null, { maxAttempts: 1 })
    let ran = false
    const worker = new Worker({ store, handlers: { greet: () => void (ran = true) }, onBeforeProcess: () => { throw new Error('database switch failed') }, ...quiet })
    await worker.drain()
    expect(ran).toBe(false)
    expect((await queue.get(job.id))?.lastError).toContain('database switch failed')
  })

  it('passes handler errors to onError, which can stop the worker (seed 002 DieException)', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const job = await queue.add('query', null, { priority: 900 })
    const other = await queue.add('query', null)
    const seen: unknown[] = []
    const worker = new Worker({
      store,
      concurrency: 1,
      handlers: { query: () => { throw new Error('entity manager closed') } },
      onError: (error, j) => {
        seen.push(error, j.id)
        throw new StopWorkerError('EM is closed', { cause: error })
      },
      ...quiet,
    })
    await worker.drain()
    expect(seen[1]).toBe(job.id)
    expect((seen[0] as Error).message).toBe('entity manager closed')
    // Settled by the wrapped (temporary) error, and the worker stopped before the next job.
    expect((await queue.get(job.id))?.state).toBe('retry')
    expect((await queue.get(other.id))?.state).toBe('ready')
  })

  it('notifies once when a job fails for the notifyAfterAttempts-th time', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.add('flaky', null, { maxAttempts: 5, backoff: { type: 'fixed', delayMs: 0 } })
    const notified: { attempts: number; error: unknown }[] = []
    const worker = new Worker({
      store,
      handlers: { flaky: () => { throw new Error('still down') } },
      notifyAfterAttempts: 3,
      onNotify: (job, error) => void notified.push({ attempts: job.attempts, error }),
      ...quiet,
    })
    await worker.drain()
    expect(notified).toHaveLength(1)
    expect(notified[0]?.attempts).toBe(3)
    expect((notified[0]!.error as Error).message).toBe('still down')
  })

  it('logs the notification as an error when no onNotify is given', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.add('flaky', null, { maxAttempts: 2, backoff: { type: 'fixed', delayMs: 0 } })
    const records: { level: string; obj: Record<string, unknown>; msg?: string }[] = []
    const worker = new Worker({ store, handlers: { flaky: () => { throw new Error('down') } }, notifyAfterAttempts: 2, logger: recordingLogger(records) })
    await worker.drain()
    expect(records.filter((r) => r.level === 'error' && r.msg === 'job failed 2 times')).toHaveLength(1)
  })

  it('emits typed events for each outcome', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const ok = await queue.add('run', 'ok')
    const bad = await queue.add('run', 'bad', { maxAttempts: 1 })
    const again = await queue.add('run', 'again', { maxAttempts: 2, backoff: { type: 'fixed', delayMs: 60_000 } })
    const events: string[] = []
    const worker = new Worker({ store, handlers: { run: (p: string) => { if (p === 'ok') return 7; throw new Error(p) } }, ...quiet })
    worker.on('active', (job) => events.push(`active ${job.id}`))
    worker.on('completed', (job, result) => events.push(`completed ${job.id} ${String(result)}`))
    worker.on('failed', (job) => events.push(`failed ${job.id}`))
    worker.on('retry', (job) => events.push(`retry ${job.id}`))
    worker.on('drained', () => events.push('drained'))
    worker.on('stopped', () => events.push('stopped'))
    await worker.drain()
    expect(events).toEqual(
      expect.arrayContaining([`active ${ok.id}`, `active ${bad.id}`, `active ${again.id}`, `completed ${ok.id} 7`, `failed ${bad.id}`, `retry ${again.id}`]),
    )
    expect(events.slice(-2)).toEqual(['drained', 'stopped'])
  })

  it('stops delivering an event after the listener unsubscribed', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const worker = new Worker({ store, handlers: { run: () => null }, ...quiet })
    let count = 0
    const off = worker.on('completed', () => count++)
    await queue.add('run', null)
    await worker.drain()
    off()
    await queue.add('run', null)
    await worker.drain()
    expect(count).toBe(1)
  })

  it('records pid, host, memory and duration on every settled job', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const ok = await queue.add('sleep', 'ok')
    const bad = await queue.add('sleep', 'bad', { maxAttempts: 1 })
    const worker = new Worker({
      store,
      handlers: {
        sleep: async (p: string) => {
          await new Promise((resolve) => setTimeout(resolve, 20))
          if (p === 'bad') throw new Error('bad')
        },
      },
      ...quiet,
    })
    await worker.drain()
    for (const id of [ok.id, bad.id]) {
      const stats = (await queue.get(id))?.stats
      expect(stats?.pid).toBe(process.pid)
      expect(stats?.host).toBe(hostname())
      expect(stats?.durationMs).toBeGreaterThanOrEqual(15)
      expect(stats?.memoryBefore.heapUsed).toBeGreaterThan(0)
      expect(stats?.memoryAfter.rss).toBeGreaterThan(0)
    }
  })

  it('gives the handler its job, attempt, progress and a child logger bound to the job', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const job = await queue.add('report', { month: '2026-11' }, { maxAttempts: 3, backoff: { type: 'fixed', delayMs: 0 } })
    const records: { level: string; obj: Record<string, unknown>; msg?: string }[] = []
    const attempts: number[] = []
    let seenJob: Job | undefined
    const worker = new Worker({
      store,
      logger: recordingLogger(records),
      handlers: {
        report: async (payload: { month: string }, ctx) => {
          attempts.push(ctx.attempt)
          seenJob = ctx.job
          expect(await ctx.progress({ done: 50 })).toBe(true)
          ctx.log.info({ month: payload.month }, 'building')
          if (ctx.attempt === 1) throw new Error('first try fails')
          return 'built'
        },
      },
    })
    await worker.drain()
    expect(attempts).toEqual([1, 2])
    expect(seenJob?.id).toBe(job.id)
    const after = await queue.get(job.id)
    expect(after?.progress).toEqual({ done: 50 })
    const building = records.filter((r) => r.msg === 'building')
    expect(building.map((r) => r.obj)).toEqual([
      { jobId: job.id, jobName: 'report', queue: 'default', attempt: 1, month: '2026-11' },
      { jobId: job.id, jobName: 'report', queue: 'default', attempt: 2, month: '2026-11' },
    ])
  })

  it('keeps working when an event listener throws', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const errors: unknown[] = []
    const worker = new Worker({ store, handlers: { run: () => null }, ...quiet })
    worker.on('completed', () => {
      throw new Error('listener bug')
    })
    worker.on('error', (error) => errors.push(error))
    await queue.addMany([{ name: 'run', payload: 1 }, { name: 'run', payload: 2 }])
    await worker.drain()
    expect((await queue.counts()).completed).toBe(2)
    expect(errors).toHaveLength(2)
  })

  it('works with a pino-style logger object and with console', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    await queue.add('run', null)
    const worker = new Worker({ store, handlers: { run: (_p, ctx) => void ctx.log.debug({}, 'x') }, logger: { ...console, debug: () => {} } })
    await worker.drain()
    await until(async () => (await queue.counts()).completed === 1, 1000)
  })
})
