import type { JobStore } from '@queue/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, harness, storeFactories } from '../../test/support.js'
import { signBody } from '../hooks/signature.js'

/** What Bitrix24 posts to an event handler: form-encoded, nested keys. */
const BITRIX_BODY = 'event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=42&ts=1700000000&auth%5Bdomain%5D=x.bitrix24.com'

function countingInserts(counter: { inserts: number; rows: number; reused?: number }) {
  return (store: JobStore): JobStore => ({
    ...store,
    capabilities: store.capabilities,
    insert: (params) => {
      counter.inserts++
      counter.rows += params.jobs.length
      if (params.reusePayloads === true) counter.reused = (counter.reused ?? 0) + 1
      return store.insert(params)
    },
  })
}

describe.each(storeFactories)('webhook intake on %s', (_name, factory) => {
  let api: Harness
  afterEach(() => api.close())

  it('stores method, path, query, headers and the raw body, and answers 202 with the job id', async () => {
    api = await harness(await factory(), { hooks: { bitrix: {} } })
    const res = await api.call('POST', '/hooks/bitrix?member=abc&x=1&x=2', {
      raw: BITRIX_BODY,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-custom': 'yes' },
    })
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ id: expect.any(String) })
    const job = await api.queue.get(res.body.id)
    expect(job).toMatchObject({ name: 'hook.bitrix', queue: 'hooks', state: 'ready' })
    const payload = job?.payload as Record<string, any>
    expect(payload).toMatchObject({
      hook: 'bitrix',
      method: 'POST',
      path: '/hooks/bitrix',
      query: { member: 'abc', x: ['1', '2'] },
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-custom': 'yes' },
    })
    expect(Buffer.from(payload.body, 'base64').toString()).toBe(BITRIX_BODY)
    expect(Date.parse(payload.receivedAt)).not.toBeNaN()
  })

  it('stores a __proto__ query key and header as plain data', async () => {
    api = await harness(await factory(), { hooks: { odd: {} } })
    const res = await api.handler(
      new Request('http://queue.test/hooks/odd?__proto__=1&__proto__=2', { method: 'POST', body: 'x', headers: [['__proto__', 'h']] }),
    )
    const { id } = (await res.json()) as { id: string }
    const payload = (await api.queue.get(id))?.payload as { query: object; headers: object }
    expect(Object.getOwnPropertyDescriptor(payload.query, '__proto__')?.value).toEqual(['1', '2'])
    expect(Object.getOwnPropertyDescriptor(payload.headers, '__proto__')?.value).toBe('h')
    expect(Object.getPrototypeOf(payload.query)).toBe(Object.prototype)
  })

  it('keeps binary bodies byte for byte', async () => {
    api = await harness(await factory(), { hooks: { bin: { queue: 'intake' } } })
    const bytes = new Uint8Array(256).map((_, i) => i)
    const res = await api.call('POST', '/hooks/bin', { raw: bytes, headers: { 'content-type': 'application/octet-stream' } })
    expect(res.status).toBe(202)
    const job = await api.queue.get(res.body.id)
    expect(job?.queue).toBe('intake')
    expect(new Uint8Array(Buffer.from((job!.payload as { body: string }).body, 'base64'))).toEqual(bytes)
  })

  it('answers 404 for an undeclared hook, also for names on Object.prototype', async () => {
    api = await harness(await factory(), { hooks: { known: {} } })
    expect((await api.call('POST', '/hooks/unknown', { raw: 'x' })).status).toBe(404)
    expect((await api.call('POST', '/hooks/constructor', { raw: 'x' })).status).toBe(404)
    expect((await api.call('POST', '/hooks/known/extra', { raw: 'x' })).status).toBe(404)
    expect((await api.queue.list()).jobs).toHaveLength(0)
  })

  it('answers 405 for GET on a hook', async () => {
    api = await harness(await factory(), { hooks: { known: {} } })
    expect((await api.call('GET', '/hooks/known')).status).toBe(405)
  })

  it('answers 413 for a body over the limit and stores nothing', async () => {
    api = await harness(await factory(), { hooks: { big: {} }, bodyLimit: 1000 })
    expect((await api.call('POST', '/hooks/big', { raw: 'x'.repeat(1001) })).status).toBe(413)
    expect((await api.call('POST', '/hooks/big', { raw: 'x'.repeat(1000) })).status).toBe(202)
    expect((await api.queue.list()).jobs).toHaveLength(1)
  })

  it('needs the bearer token for a hook without a secret once a token is set, and does not store it', async () => {
    api = await harness(await factory(), { token: 'tok', hooks: { open: {} } })
    expect((await api.call('POST', '/hooks/open', { raw: '{}' })).status).toBe(401)
    const res = await api.call('POST', '/hooks/open', { raw: '{}', token: 'tok' })
    expect(res.status).toBe(202)
    const job = await api.queue.get(res.body.id)
    expect((job!.payload as { headers: Record<string, string> }).headers.authorization).toBeUndefined()
  })

  describe('a hook with a secret', () => {
    const hooks = {
      gh: { secret: 'hush' },
      custom: { secret: 'hush', signatureHeader: 'X-Signature', signaturePrefix: '' },
      shop: { secret: 'hush', signatureHeader: 'x-shopify-hmac-sha256', signaturePrefix: '', signatureEncoding: 'base64' as const },
    }

    it('accepts a valid X-Hub-Signature-256 without the bearer token', async () => {
      api = await harness(await factory(), { token: 'tok', hooks })
      const body = '{"action":"opened"}'
      const res = await api.call('POST', '/hooks/gh', { raw: body, headers: { 'x-hub-signature-256': signBody('hush', body) } })
      expect(res.status).toBe(202)
    })

    it('refuses a wrong, malformed or missing signature with 401', async () => {
      api = await harness(await factory(), { hooks })
      const body = '{"action":"opened"}'
      const wrong = await api.call('POST', '/hooks/gh', { raw: body, headers: { 'x-hub-signature-256': signBody('other', body) } })
      expect(wrong.status).toBe(401)
      expect(wrong.body.error.message).toContain('invalid')
      const tampered = await api.call('POST', '/hooks/gh', { raw: `${body} `, headers: { 'x-hub-signature-256': signBody('hush', body) } })
      expect(tampered.status).toBe(401)
      const malformed = await api.call('POST', '/hooks/gh', { raw: body, headers: { 'x-hub-signature-256': 'sha256=zz' } })
      expect(malformed.status).toBe(401)
      const missing = await api.call('POST', '/hooks/gh', { raw: body })
      expect(missing.status).toBe(401)
      expect(missing.body.error.message).toContain('missing')
      expect((await api.queue.list()).jobs).toHaveLength(0)
    })

    it('honours a configured header, prefix and encoding', async () => {
      api = await harness(await factory(), { hooks })
      const body = 'payload'
      expect((await api.call('POST', '/hooks/custom', { raw: body, headers: { 'x-signature': signBody('hush', body, { signaturePrefix: '' }) } })).status).toBe(202)
      expect((await api.call('POST', '/hooks/custom', { raw: body, headers: { 'x-hub-signature-256': signBody('hush', body) } })).status).toBe(401)
      const shopSig = signBody('hush', body, { signaturePrefix: '', signatureEncoding: 'base64' })
      expect((await api.call('POST', '/hooks/shop', { raw: body, headers: { 'x-shopify-hmac-sha256': shopSig } })).status).toBe(202)
    })

    it('accepts the secret as the last path segment, and keeps it out of the stored path', async () => {
      api = await harness(await factory(), { token: 'tok', hooks })
      const res = await api.call('POST', '/hooks/gh/hush?a=1', { raw: 'x' })
      expect(res.status).toBe(202)
      const job = await api.queue.get(res.body.id)
      expect((job!.payload as { path: string }).path).toBe('/hooks/gh')
      expect(JSON.stringify(job?.payload)).not.toContain('hush')
      expect((await api.call('POST', '/hooks/gh/wrong', { raw: 'x' })).status).toBe(401)
    })

    it('also accepts the bearer token', async () => {
      api = await harness(await factory(), { token: 'tok', hooks })
      expect((await api.call('POST', '/hooks/gh', { raw: 'x', token: 'tok' })).status).toBe(202)
      expect((await api.call('POST', '/hooks/gh', { raw: 'x', token: 'nope' })).status).toBe(401)
    })
  })

  describe('a hook with forward', () => {
    it('becomes an http command job that POSTs the original body and content-type', async () => {
      api = await harness(await factory(), { hooks: { relay: { forward: 'http://127.0.0.1:9/in' } } })
      const res = await api.call('POST', '/hooks/relay', { raw: BITRIX_BODY, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expect(res.status).toBe(202)
      const job = await api.queue.get(res.body.id)
      expect(job).toMatchObject({ name: 'http', maxAttempts: 25 })
      const payload = job?.payload as Record<string, any>
      expect(payload.command).toMatchObject({ type: 'http', url: 'http://127.0.0.1:9/in', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      expect(Buffer.from(payload.command.bodyBase64, 'base64').toString()).toBe(BITRIX_BODY)
      expect(payload.hook).toMatchObject({ hook: 'relay', path: '/hooks/relay', method: 'POST' })
    })
  })

  describe('the queue a hook request lands in', () => {
    it('puts the hook.<name> job of a hook without forward in queue hooks, where the server worker does not claim it', async () => {
      api = await harness(await factory(), { hooks: { github: {} } })
      const res = await api.call('POST', '/hooks/github', { raw: '{"action":"opened"}' })
      expect(await api.queue.get(res.body.id)).toMatchObject({ name: 'hook.github', queue: 'hooks', state: 'ready' })
      expect((await api.queue.list({ queue: 'default' })).jobs).toHaveLength(0)
    })

    it("honours a hook's own queue, with and without forward", async () => {
      api = await harness(await factory(), { hooks: { mine: { queue: 'intake' }, relay: { forward: 'http://127.0.0.1:9/in', queue: 'relays' } } })
      const mine = await api.call('POST', '/hooks/mine', { raw: 'x' })
      expect(await api.queue.get(mine.body.id)).toMatchObject({ name: 'hook.mine', queue: 'intake' })
      const relay = await api.call('POST', '/hooks/relay', { raw: 'x' })
      expect(await api.queue.get(relay.body.id)).toMatchObject({ name: 'http', queue: 'relays' })
    })

    it("keeps a forwarded hook's http job in queue default, which the server worker runs", async () => {
      api = await harness(await factory(), { hooks: { relay: { forward: 'http://127.0.0.1:9/in' } } })
      const res = await api.call('POST', '/hooks/relay', { raw: 'x' })
      expect(await api.queue.get(res.body.id)).toMatchObject({ name: 'http', queue: 'default', state: 'ready' })
    })
  })

  describe('group commit', () => {
    it('writes many concurrent hook requests with fewer inserts, each answered with its own job', async () => {
      const counter = { inserts: 0, rows: 0, reused: 0 }
      api = await harness(await factory(), { hooks: { burst: {} } }, countingInserts(counter))
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) => api.call('POST', `/hooks/burst?i=${i}`, { raw: JSON.stringify({ i }) })),
      )
      expect(answers.every((res) => res.status === 202)).toBe(true)
      const ids = answers.map((res) => res.body.id as string)
      expect(new Set(ids).size).toBe(200)
      expect(counter.rows).toBe(200)
      expect(counter.inserts).toBeLessThan(20)
      // Intake keeps only ids: no insert parses the stored payloads back.
      expect(counter.reused).toBe(counter.inserts)
      for (const [i, id] of ids.entries()) {
        const job = await api.queue.get(id)
        expect((job!.payload as { query: { i: string } }).query.i).toBe(String(i))
      }
    })

    it('answers only after the insert resolved, and fails every request of a failed batch', async () => {
      let release: () => void = () => {}
      const gate = new Promise<void>((resolve) => (release = resolve))
      let fail = false
      api = await harness(await factory(), { hooks: { slow: {} } }, (store) => ({
        ...store,
        capabilities: store.capabilities,
        insert: async (params) => {
          await gate
          if (fail) throw new Error('disk full')
          return store.insert(params)
        },
      }))
      let answered = false
      const pending = api.call('POST', '/hooks/slow', { raw: 'a' }).then((res) => {
        answered = true
        return res
      })
      await new Promise((resolve) => setTimeout(resolve, 30))
      expect(answered).toBe(false)
      release()
      expect((await pending).status).toBe(202)

      fail = true
      const failed = await Promise.all([api.call('POST', '/hooks/slow', { raw: 'b' }), api.call('POST', '/hooks/slow', { raw: 'c' })])
      expect(failed.map((res) => res.status)).toEqual([500, 500])
      expect((await api.queue.list()).jobs).toHaveLength(1)
    })
  })
})
