import { PermanentError, WaitError } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { createJobRoute } from './job-route.js'
import type { RemoteJobRequest } from './protocol.js'
import { SIGNATURE_HEADER, sign, signatureHeaders, TIMESTAMP_HEADER } from './signature.js'

const secret = 'test-secret-0123456789'
const job = { id: 'j1', name: 'report.build', queue: 'default', attempt: 1, maxAttempts: 3 }

function signed(body: RemoteJobRequest | string, options: { secret?: string; at?: number } = {}): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return new Request('http://app.test/api/jobs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signatureHeaders(options.secret ?? secret, text, options.at) },
    body: text,
  })
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code
}

const route = createJobRoute({
  secret,
  handlers: {
    'report.build': (payload: { title: string }, ctx) => ({ title: payload.title.toUpperCase(), attempt: ctx.job.attempt }),
    'report.nothing': () => undefined,
    'report.permanent': () => {
      throw new PermanentError('bad title')
    },
    'report.wait': () => {
      throw new WaitError(2500, 'not yet')
    },
    'report.crash': async () => {
      throw new Error('disk full')
    },
  },
})

describe('createJobRoute', () => {
  it('runs the named handler and answers 200 with its result', async () => {
    const response = await route.POST(signed({ job, payload: { title: 'weekly' } }))
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ result: { title: 'WEEKLY', attempt: 1 } })
  })

  it('answers a null result for a handler that returns nothing', async () => {
    const response = await route.POST(signed({ job: { ...job, name: 'report.nothing' }, payload: null }))
    expect(await response.json()).toEqual({ result: null })
  })

  it('refuses a request without a signature with 401', async () => {
    const response = await route.POST(new Request('http://app.test/api/jobs', { method: 'POST', body: JSON.stringify({ job, payload: {} }) }))
    expect(response.status).toBe(401)
    expect(await errorCode(response)).toBe('signature_missing')
  })

  it('refuses a body signed with another secret', async () => {
    const response = await route.POST(signed({ job, payload: {} }, { secret: 'another-secret-987654321' }))
    expect(response.status).toBe(401)
    expect(await errorCode(response)).toBe('signature_mismatch')
  })

  it('refuses a body changed after signing', async () => {
    const request = signed({ job, payload: { title: 'a' } })
    const tampered = new Request(request.url, { method: 'POST', headers: request.headers, body: JSON.stringify({ job, payload: { title: 'b' } }) })
    expect(await errorCode(await route.POST(tampered))).toBe('signature_mismatch')
  })

  it('refuses a signature older than the tolerance', async () => {
    const response = await route.POST(signed({ job, payload: {} }, { at: Date.now() - 6 * 60_000 }))
    expect(response.status).toBe(401)
    expect(await errorCode(response)).toBe('signature_stale')
  })

  it('refuses a replayed signature under a new timestamp', async () => {
    const body = JSON.stringify({ job, payload: {} })
    const old = Date.now() - 60_000
    const request = new Request('http://app.test/api/jobs', {
      method: 'POST',
      headers: { [TIMESTAMP_HEADER]: String(Date.now()), [SIGNATURE_HEADER]: `v1=${sign(secret, old, body)}` },
      body,
    })
    expect(await errorCode(await route.POST(request))).toBe('signature_mismatch')
  })

  it('refuses a malformed signature header', async () => {
    const request = new Request('http://app.test/api/jobs', {
      method: 'POST',
      headers: { [TIMESTAMP_HEADER]: String(Date.now()), [SIGNATURE_HEADER]: 'sha1=abc' },
      body: '{}',
    })
    expect(await errorCode(await route.POST(request))).toBe('signature_malformed')
  })

  it('answers 404 for a job name without a handler, a permanent failure', async () => {
    const response = await route.POST(signed({ job: { ...job, name: 'toString' }, payload: {} }))
    expect(response.status).toBe(404)
    expect(await errorCode(response)).toBe('unknown_job')
  })

  it('answers 400 for a signed body that is not a job', async () => {
    expect((await route.POST(signed('{"job":{"id":1}}'))).status).toBe(400)
    expect((await route.POST(signed('not json'))).status).toBe(400)
  })

  it('answers 422 for a PermanentError', async () => {
    const response = await route.POST(signed({ job: { ...job, name: 'report.permanent' }, payload: {} }))
    expect(response.status).toBe(422)
    expect(await response.json()).toEqual({ error: { code: 'permanent', message: 'bad title' } })
  })

  it('answers 503 with the delay for a WaitError', async () => {
    const response = await route.POST(signed({ job: { ...job, name: 'report.wait' }, payload: {} }))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('3')
    expect(await response.json()).toEqual({ error: { code: 'wait', message: 'not yet', delayMs: 2500 } })
  })

  it('answers 500 for any other error, a temporary failure', async () => {
    const response = await route.POST(signed({ job: { ...job, name: 'report.crash' }, payload: {} }))
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ error: { code: 'handler_error', message: 'disk full' } })
  })

  it('refuses a body over the limit with 413', async () => {
    const small = createJobRoute({ secret, handlers: {}, bodyLimit: 64 })
    const response = await small.POST(signed({ job, payload: { text: 'x'.repeat(100) } }))
    expect(response.status).toBe(413)
  })

  it('refuses a short secret and handlers that are not functions', () => {
    expect(() => createJobRoute({ secret: 'short', handlers: {} })).toThrow(/at least 16/)
    expect(() => createJobRoute({ secret, handlers: { a: 1 as never } })).toThrow(/"a" is not a function/)
  })
})
