import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Harness, harness, storeFactories } from '../../test/support.js'

describe.each(storeFactories)('the HTTP handler on %s', (_name, factory) => {
  describe('without a token', () => {
    let api: Harness
    beforeEach(async () => {
      api = await harness(await factory())
    })
    afterEach(() => api.close())

    it('answers /healthz', async () => {
      const res = await api.call('GET', '/healthz')
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ status: 'ok' })
    })

    it('serves every route without credentials', async () => {
      expect((await api.call('GET', '/jobs/status')).status).toBe(200)
      expect((await api.call('GET', '/api/v1/queues')).status).toBe(200)
      expect((await api.call('GET', '/metrics')).status).toBe(200)
    })

    it('answers 404 with a JSON error for an unknown route', async () => {
      const res = await api.call('GET', '/nope')
      expect(res.status).toBe(404)
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringContaining('/nope') } })
    })

    it('answers 405 with an Allow header for a wrong method', async () => {
      const res = await api.call('PUT', '/api/v1/jobs')
      expect(res.status).toBe(405)
      expect(res.body.error.code).toBe('method_not_allowed')
      expect(res.headers.get('allow')).toBe('POST, GET, HEAD')
    })

    it('serves HEAD from GET routes without a body, errors included', async () => {
      const res = await api.call('HEAD', '/healthz')
      expect(res.status).toBe(200)
      expect(res.text).toBe('')
      const missing = await api.call('HEAD', '/api/v1/jobs/123456')
      expect(missing.status).toBe(404)
      expect(missing.text).toBe('')
    })

    it('answers 413 for a body over the limit and stores nothing', async () => {
      const big = JSON.stringify({ name: 'x', payload: 'a'.repeat(1024 * 1024) })
      const res = await api.call('POST', '/api/v1/jobs', { raw: big })
      expect(res.status).toBe(413)
      expect(res.body.error.code).toBe('body_too_large')
      expect((await api.queue.list()).jobs).toHaveLength(0)
    })

    it('cuts off a streamed body that passes the limit without a Content-Length', async () => {
      const small = await harness(await factory(), { bodyLimit: 100 })
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(50)))
          controller.close()
        },
      })
      const res = await small.handler(
        new Request('http://queue.test/api/v1/jobs', { method: 'POST', body: stream, duplex: 'half' } as RequestInit),
      )
      expect(res.status).toBe(413)
      await small.close()
    })

    it('turns an unexpected store failure into a 500 without leaking its message', async () => {
      const errors: unknown[] = []
      const target = await factory()
      const broken = await harness(target, { onError: (error) => errors.push(error) }, (store) => ({
        ...store,
        capabilities: store.capabilities,
        counts: async () => {
          throw new Error('connection to db.internal refused')
        },
      }))
      const res = await broken.call('GET', '/jobs/status')
      expect(res.status).toBe(500)
      expect(res.text).not.toContain('db.internal')
      expect(errors).toHaveLength(1)
      await broken.close()
    })
  })

  describe('with a token', () => {
    let api: Harness
    beforeEach(async () => {
      api = await harness(await factory(), { token: 's3cret' })
    })
    afterEach(() => api.close())

    it('refuses a request without the token with 401 and WWW-Authenticate', async () => {
      const res = await api.call('GET', '/api/v1/queues')
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer')
      expect(res.body.error.code).toBe('unauthorized')
    })

    it('refuses a wrong token', async () => {
      expect((await api.call('GET', '/api/v1/queues', { token: 'wrong' })).status).toBe(401)
      expect((await api.call('GET', '/metrics', { headers: { authorization: 'Basic czNjcmV0' } })).status).toBe(401)
    })

    it('accepts the right token on every kind of route', async () => {
      expect((await api.call('GET', '/api/v1/queues', { token: 's3cret' })).status).toBe(200)
      expect((await api.call('GET', '/jobs/status', { token: 's3cret' })).status).toBe(200)
      expect((await api.call('GET', '/metrics', { token: 's3cret' })).status).toBe(200)
      expect((await api.call('GET', '/api/v1/openapi.json', { token: 's3cret' })).status).toBe(200)
    })

    it('keeps /healthz open', async () => {
      expect((await api.call('GET', '/healthz')).status).toBe(200)
    })

    it('refuses seed-001 routes without the token, in their envelope', async () => {
      const res = await api.call('POST', '/jobs/add', { body: { command: { type: 'http', url: 'http://127.0.0.1/' } } })
      expect(res.status).toBe(401)
      expect(res.body).toMatchObject({ status: 401, error: { code: 'unauthorized' } })
      expect((await api.queue.list()).jobs).toHaveLength(0)
    })
  })

  describe('mounted under a prefix', () => {
    it('strips the prefix and refuses paths outside it', async () => {
      const api = await harness(await factory(), { prefix: '/queue/' })
      expect((await api.call('GET', '/queue/healthz')).status).toBe(200)
      expect((await api.call('GET', '/queue/jobs/status')).body.data.waiting).toBe(0)
      expect((await api.call('GET', '/healthz')).status).toBe(404)
      expect((await api.call('GET', '/queuex/healthz')).status).toBe(404)
      const doc = (await api.call('GET', '/queue/api/v1/openapi.json')).body
      expect(doc.servers).toEqual([{ url: '/queue' }])
      await api.close()
    })
  })
})
