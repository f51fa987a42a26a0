import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Harness, harness, storeFactories } from '../../test/support.js'

describe.each(storeFactories)('the REST API on %s', (_name, factory) => {
  let api: Harness
  beforeEach(async () => {
    api = await harness(await factory())
  })
  afterEach(() => api.close())

  describe('POST /api/v1/jobs', () => {
    it('creates one job with its options and answers 201', async () => {
      const runAt = new Date(Date.now() + 60_000).toISOString()
      const res = await api.call('POST', '/api/v1/jobs', {
        body: { name: 'email.send', payload: { to: 'a@b.c' }, queue: 'mail', priority: 700, runAt, groupKey: 'user-1', maxAttempts: 3, backoff: { type: 'fixed', delayMs: 500 }, timeoutMs: 1000 },
      })
      expect(res.status).toBe(201)
      expect(res.body.duplicate).toBe(false)
      expect(res.body.job).toMatchObject({
        name: 'email.send',
        payload: { to: 'a@b.c' },
        queue: 'mail',
        priority: 700,
        state: 'scheduled',
        runAt,
        groupKey: 'user-1',
        maxAttempts: 3,
        backoff: { type: 'fixed', delayMs: 500 },
        timeoutMs: 1000,
      })
      expect(await api.queue.get(res.body.job.id)).toMatchObject({ name: 'email.send', queue: 'mail' })
    })

    it('creates a batch with one insert', async () => {
      let inserts = 0
      const counted = await harness(await factory(), {}, (store) => ({
        ...store,
        capabilities: store.capabilities,
        insert: (params) => {
          inserts++
          return store.insert(params)
        },
      }))
      const res = await counted.call('POST', '/api/v1/jobs', { body: { jobs: [{ name: 'a' }, { name: 'b', delayMs: 1000 }, { name: 'c', payload: [1] }] } })
      expect(res.status).toBe(201)
      expect(res.body.jobs.map((job: { name: string }) => job.name)).toEqual(['a', 'b', 'c'])
      expect(res.body.jobs[1].state).toBe('scheduled')
      expect(inserts).toBe(1)
      await counted.close()
    })

    it('answers 200 with the existing job when an unfinished job holds the uniqueKey', async () => {
      const first = await api.call('POST', '/api/v1/jobs', { body: { name: 'sync', uniqueKey: 'k' } })
      const second = await api.call('POST', '/api/v1/jobs', { body: { name: 'sync', uniqueKey: 'k' } })
      expect(second.status).toBe(200)
      expect(second.body).toMatchObject({ duplicate: true, job: { id: first.body.job.id } })
    })

    it('validates http and exec payloads at the door', async () => {
      const res = await api.call('POST', '/api/v1/jobs', { body: { name: 'http', payload: { command: { type: 'http', url: 'nope' } } } })
      expect(res.status).toBe(400)
      expect(res.body.error.message).toMatch(/^payload\.command\.url /)
      const ok = await api.call('POST', '/api/v1/jobs', { body: { name: 'exec', payload: { command: { type: 'exec', cmd: ['/bin/echo', 'x'] } } } })
      expect(ok.status).toBe(201)
    })

    it.each([
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x', prio: 1 }, 'prio'],
      [{ name: 'x', queue: 7 }, 'queue'],
      [{ name: 'x', priority: '1' }, 'priority'],
      [{ name: 'x', runAt: 'tomorrow' }, 'runAt'],
      [{ name: 'x', runAt: new Date().toISOString(), delayMs: 5 }, 'delayMs'],
      [{ name: 'x', delayMs: -1 }, 'delayMs'],
      [{ name: 'x', maxAttempts: 0 }, 'maxAttempts'],
      [{ name: 'x', backoff: { type: 'linear' } }, 'backoff.type'],
      [{ name: 'x', backoff: { type: 'exponential', baseMs: 1 } }, 'backoff.maxMs'],
      [{ name: 'x', timeoutMs: 0 }, 'timeoutMs'],
      [{ name: 'x', groupKey: 5 }, 'groupKey'],
      [{ jobs: [] }, 'jobs'],
      [{ jobs: 'a' }, 'jobs'],
      [{ jobs: [{ name: 'ok' }, { name: 'bad', priority: 'x' }] }, 'jobs[1].priority'],
      [{ jobs: [{ name: 'a' }], extra: true }, 'jobs'],
    ])('refuses %j with 400 naming %s and inserts nothing', async (body, field) => {
      const res = await api.call('POST', '/api/v1/jobs', { body })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('invalid_field')
      expect(res.body.error.message.startsWith(`${field} `)).toBe(true)
      expect((await api.queue.list()).jobs).toHaveLength(0)
    })

    it('refuses a batch over 1000 jobs', async () => {
      const res = await api.call('POST', '/api/v1/jobs', { body: { jobs: Array.from({ length: 1001 }, () => ({ name: 'x' })) } })
      expect(res.status).toBe(400)
      expect(res.body.error.message).toMatch(/^jobs /)
    })

    it('refuses invalid JSON with 400', async () => {
      const res = await api.call('POST', '/api/v1/jobs', { raw: 'name=x' })
      expect(res.status).toBe(400)
      expect(res.body.error.code).toBe('invalid_json')
    })
  })

  describe('reading jobs', () => {
    it('gets a job by id and 404s an unknown one', async () => {
      const job = await api.queue.add('report', { n: 1 })
      const res = await api.call('GET', `/api/v1/jobs/${job.id}`)
      expect(res.status).toBe(200)
      expect(res.body.job).toMatchObject({ id: job.id, name: 'report', payload: { n: 1 }, state: 'ready', attempts: 0 })
      const missing = await api.call('GET', '/api/v1/jobs/987654')
      expect(missing.status).toBe(404)
      expect(missing.body).toEqual({ error: { code: 'not_found', message: 'job 987654 not found' } })
    })

    it('lists with filters, newest first, and pages with the cursor', async () => {
      for (let i = 0; i < 5; i++) await api.queue.add('a', { i }, { queue: i % 2 === 0 ? 'even' : 'odd' })
      await api.queue.add('b', {})
      const even = await api.call('GET', '/api/v1/jobs?queue=even')
      expect(even.body.jobs.map((job: { payload: { i: number } }) => job.payload.i)).toEqual([4, 2, 0])
      expect((await api.call('GET', '/api/v1/jobs?name=b')).body.jobs).toHaveLength(1)
      expect((await api.call('GET', '/api/v1/jobs?state=completed')).body.jobs).toHaveLength(0)

      const first = await api.call('GET', '/api/v1/jobs?name=a&limit=2')
      expect(first.body.jobs).toHaveLength(2)
      expect(first.body.nextCursor).toEqual(expect.any(String))
      const seen = first.body.jobs.map((job: { id: string }) => job.id)
      let cursor = first.body.nextCursor
      while (cursor) {
        const page = await api.call('GET', `/api/v1/jobs?name=a&limit=2&cursor=${encodeURIComponent(cursor)}`)
        seen.push(...page.body.jobs.map((job: { id: string }) => job.id))
        cursor = page.body.nextCursor
      }
      expect(new Set(seen).size).toBe(5)
    })

    it.each([
      ['state=done', 'state'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=5000', 'limit'],
      ['queue=', 'queue'],
      ['sort=id', 'sort'],
      ['cursor=garbage', 'cursor'],
    ])('refuses ?%s with 400 naming %s', async (query, field) => {
      const res = await api.call('GET', `/api/v1/jobs?${query}`)
      expect(res.status).toBe(400)
      expect(res.body.error.message.startsWith(`${field} `)).toBe(true)
    })

    it('counts jobs per queue', async () => {
      await api.queue.add('a', {}, { queue: 'mail' })
      await api.queue.add('a', {}, { queue: 'mail' })
      await api.queue.add('a', {}, { queue: 'video', delayMs: 60_000 })
      const res = await api.call('GET', '/api/v1/queues')
      expect(res.status).toBe(200)
      const byName = Object.fromEntries(res.body.queues.map((q: { name: string; counts: unknown }) => [q.name, q.counts]))
      expect(byName.mail).toMatchObject({ ready: 2, scheduled: 0 })
      expect(byName.video).toMatchObject({ ready: 0, scheduled: 1 })
    })
  })

  describe('changing jobs', () => {
    it('cancels an unfinished job, idempotently', async () => {
      const job = await api.queue.add('a', {})
      const res = await api.call('POST', `/api/v1/jobs/${job.id}/cancel`)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ changed: true, job: { state: 'cancelled' } })
      const again = await api.call('POST', `/api/v1/jobs/${job.id}/cancel`)
      expect(again.status).toBe(200)
      expect(again.body.changed).toBe(false)
    })

    it('retries a cancelled job and refuses to retry a ready one with 409', async () => {
      const job = await api.queue.add('a', {})
      const conflict = await api.call('POST', `/api/v1/jobs/${job.id}/retry`)
      expect(conflict.status).toBe(409)
      expect(conflict.body.error.code).toBe('invalid_state')
      await api.queue.cancel(job.id)
      const res = await api.call('POST', `/api/v1/jobs/${job.id}/retry`)
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ changed: true, job: { state: 'ready' } })
    })

    it('refuses to cancel a completed job with 409', async () => {
      const job = await api.queue.add('a', {})
      const [leased] = await api.store.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 })
      await api.store.settle({ outcomes: [{ type: 'complete', lease: leased!.lease, result: 1 }] })
      const res = await api.call('POST', `/api/v1/jobs/${job.id}/cancel`)
      expect(res.status).toBe(409)
      expect((await api.queue.get(job.id))?.state).toBe('completed')
    })

    it('deletes a job with 204, then 404s it', async () => {
      const job = await api.queue.add('a', {})
      const res = await api.call('DELETE', `/api/v1/jobs/${job.id}`)
      expect(res.status).toBe(204)
      expect(res.text).toBe('')
      expect(await api.queue.get(job.id)).toBeNull()
      expect((await api.call('DELETE', `/api/v1/jobs/${job.id}`)).status).toBe(404)
    })

    it('404s ids that no store could hold', async () => {
      for (const id of ['abc', '-1', '1.5', '99999999999999999999999', "1' OR '1'='1"]) {
        const path = `/api/v1/jobs/${encodeURIComponent(id)}`
        expect((await api.call('GET', path)).status).toBe(404)
        expect((await api.call('DELETE', path)).status).toBe(404)
        expect((await api.call('POST', `${path}/retry`)).status).toBe(404)
        expect((await api.call('POST', `${path}/cancel`)).status).toBe(404)
        expect((await api.call('GET', `/jobs/status/${encodeURIComponent(id)}`)).status).toBe(404)
      }
    })

    it('404s retry and cancel of unknown ids', async () => {
      expect((await api.call('POST', '/api/v1/jobs/424242/retry')).status).toBe(404)
      expect((await api.call('POST', '/api/v1/jobs/424242/cancel')).status).toBe(404)
    })

    it('leaves accepted jobs intact whatever bad requests arrive', async () => {
      const job = await api.queue.add('keep', { v: 1 }, { priority: 9 })
      const before = await api.queue.get(job.id)
      await api.call('POST', '/api/v1/jobs', { raw: '{' })
      await api.call('POST', '/api/v1/jobs', { body: { name: 'x', priority: 'nope' } })
      await api.call('POST', `/api/v1/jobs/${job.id}/retry`)
      await api.call('DELETE', '/api/v1/jobs/not-a-number')
      await api.call('PATCH', `/api/v1/jobs/${job.id}`, { body: { state: 'completed' } })
      expect(await api.queue.get(job.id)).toEqual(before)
    })
  })

  describe('GET /api/v1/openapi.json', () => {
    it('is an OpenAPI 3.1 document naming every route', async () => {
      const res = await api.call('GET', '/api/v1/openapi.json')
      expect(res.status).toBe(200)
      expect(res.body.openapi).toBe('3.1.0')
      expect(Object.keys(res.body.paths).sort()).toEqual(
        [
          '/healthz',
          '/metrics',
          '/jobs/add',
          '/jobs/status',
          '/jobs/status/{id}',
          '/api/v1/jobs',
          '/api/v1/jobs/{id}',
          '/api/v1/jobs/{id}/retry',
          '/api/v1/jobs/{id}/cancel',
          '/api/v1/queues',
          '/api/v1/openapi.json',
          '/hooks/{name}',
          '/hooks/{name}/{secret}',
        ].sort(),
      )
      expect(Object.keys(res.body.paths['/api/v1/jobs/{id}']).sort()).toEqual(['delete', 'get'])
    })
  })
})
