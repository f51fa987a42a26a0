import { type JobStore, memoryStore, PermanentError, Queue, silentLogger, Worker } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { eventually, harness, storeFactories } from '../../test/support.js'
import { createMetrics } from './metrics.js'

describe('metrics', () => {
  it('counts completed, failed and retried jobs from worker events, with durations', async () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    const worker = new Worker({
      store,
      handlers: {
        ok: async () => 'fine',
        boom: async () => {
          throw new PermanentError('no')
        },
        flaky: async (_payload, ctx) => {
          if (ctx.attempt === 1) throw new Error('again')
          return 'second time'
        },
      },
      pollMs: { min: 5, max: 20 },
      logger: silentLogger,
    })
    const metrics = createMetrics()
    const unsubscribe = metrics.observe(worker)
    worker.start()
    await queue.add('ok', {}, { queue: 'mail' })
    await queue.add('ok', {}, { queue: 'mail' })
    await queue.add('boom', {})
    await queue.add('flaky', {}, { backoff: { type: 'fixed', delayMs: 5 } })
    await eventually(async () => (await queue.counts()).completed === 3 && (await queue.counts()).failed === 1)
    await worker.stop()
    unsubscribe()

    const text = metrics.render()
    expect(text).toContain('queue_jobs_processed_total{queue="mail",name="ok"} 2')
    expect(text).toContain('queue_jobs_processed_total{queue="default",name="flaky"} 1')
    expect(text).toContain('queue_jobs_failed_total{queue="default",name="boom"} 1')
    expect(text).toContain('queue_jobs_retried_total{queue="default",name="flaky"} 1')
    expect(text).toContain('queue_job_duration_seconds_count{queue="mail",name="ok"} 2')
    expect(text).toContain('queue_job_duration_seconds_bucket{queue="mail",name="ok",le="+Inf"} 2')
    expect(text).toMatch(/# TYPE queue_job_duration_seconds histogram/)
  })

  it('escapes label values', () => {
    const metrics = createMetrics()
    metrics.recordCompleted({ queue: 'a"b\\c\nd', name: 'n' }, 3)
    expect(metrics.render()).toContain('queue_jobs_processed_total{queue="a\\"b\\\\c\\nd",name="n"} 1')
  })

  it('puts an observation in every bucket at or above it', () => {
    const metrics = createMetrics()
    metrics.recordCompleted({ queue: 'q', name: 'n' }, 30) // 0.03 s
    const text = metrics.render()
    expect(text).toContain('queue_job_duration_seconds_bucket{queue="q",name="n",le="0.025"} 0')
    expect(text).toContain('queue_job_duration_seconds_bucket{queue="q",name="n",le="0.05"} 1')
    expect(text).toContain('queue_job_duration_seconds_bucket{queue="q",name="n",le="300"} 1')
    expect(text).toContain('queue_job_duration_seconds_sum{queue="q",name="n"} 0.03')
  })
})

describe.each(storeFactories)('GET /metrics on %s', (_name, factory) => {
  it('serves job gauges by queue and state, and the observed counters', async () => {
    const metrics = createMetrics()
    metrics.recordFailed({ queue: 'mail', name: 'send' }, 12)
    const api = await harness(await factory(), { metrics })
    await api.queue.add('send', {}, { queue: 'mail' })
    await api.queue.add('send', {}, { queue: 'mail', delayMs: 60_000 })
    await api.queue.add('other', {})
    const res = await api.call('GET', '/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    expect(res.text).toContain('# TYPE queue_jobs gauge')
    expect(res.text).toContain('queue_jobs{queue="mail",state="ready"} 1')
    expect(res.text).toContain('queue_jobs{queue="mail",state="scheduled"} 1')
    expect(res.text).toContain('queue_jobs{queue="default",state="ready"} 1')
    expect(res.text).toContain('queue_jobs_failed_total{queue="mail",name="send"} 1')
    await api.close()
  })
})

describe('GET /metrics and GET /api/v1/queues read the counts', () => {
  /** The memory store, with every read of counts recorded; without `countsByQueue` when `grouped` is false. */
  function recording(grouped: boolean) {
    const calls: string[] = []
    const wrap = (store: JobStore): JobStore => {
      const { countsByQueue, ...rest } = store
      const wrapped: JobStore = {
        ...rest,
        counts: (params) => (calls.push(`counts ${params.queue ?? '*'}`), store.counts(params)),
        queues: () => (calls.push('queues'), store.queues()),
      }
      if (grouped && countsByQueue !== undefined) wrapped.countsByQueue = (params) => (calls.push('countsByQueue'), countsByQueue(params))
      return wrapped
    }
    return { calls, wrap }
  }

  for (const grouped of [true, false]) {
    it(grouped ? 'in one countsByQueue call when the store has it' : 'through queues() and counts per queue when it has not', async () => {
      const { calls, wrap } = recording(grouped)
      const store = memoryStore()
      const api = await harness({ store, cleanup: () => store.close() }, {}, wrap)
      await api.queue.addMany([{ name: 'a', payload: 1, options: { queue: 'mail' } }, { name: 'b', payload: 2 }])
      const metrics = await api.call('GET', '/metrics')
      expect(metrics.text).toContain('queue_jobs{queue="mail",state="ready"} 1')
      expect(metrics.text).toContain('queue_jobs{queue="default",state="ready"} 1')
      const queues = await api.call('GET', '/api/v1/queues')
      expect((queues.body as { queues: { name: string; counts: { ready: number } }[] }).queues.map((q) => [q.name, q.counts.ready])).toEqual([
        ['default', 1],
        ['mail', 1],
      ])
      expect(calls).toEqual(grouped ? ['countsByQueue', 'countsByQueue'] : ['queues', 'counts default', 'counts mail', 'queues', 'counts default', 'counts mail'])
      await api.close()
    })
  }
})
