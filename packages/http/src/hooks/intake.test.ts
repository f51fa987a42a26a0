import { afterEach, describe, expect, it, vi } from 'vitest'
import { type Harness, harness, storeFactories } from '../../test/support.js'
import { type HookInput, receivedAtNow } from './intake.js'
import { signBody } from './signature.js'

function input(name: string, overrides: Partial<HookInput> = {}): HookInput {
  return { method: 'POST', name, path: `/hooks/${name}`, query: '', headers: {}, body: Buffer.from('{"a":1}'), ...overrides }
}

describe.each(storeFactories)('handler.hook (intake without Web Request) on %s', (_name, factory) => {
  let api: Harness
  afterEach(() => api.close())

  it('stores the request as the Web route does and answers 202 with the job id as JSON', async () => {
    api = await harness(await factory(), { hooks: { gh: {} } })
    const answer = await api.handler.hook(
      input('gh', {
        path: '/queue/hooks/gh',
        query: 'x=1&x=2&y=3',
        headers: { 'content-type': 'application/json', 'x-multi': ['a', 'b'], authorization: 'Bearer t', cookie: 'c=1', absent: undefined },
      }),
    )
    expect(answer.status).toBe(202)
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    const { id } = JSON.parse(answer.body) as { id: string }
    const payload = (await api.queue.get(id))?.payload as Record<string, unknown>
    expect(payload).toMatchObject({
      hook: 'gh',
      method: 'POST',
      path: '/queue/hooks/gh',
      query: { x: ['1', '2'], y: '3' },
      headers: { 'content-type': 'application/json', 'x-multi': 'a, b' },
    })
    expect(payload.headers).not.toHaveProperty('authorization')
    expect(payload.headers).not.toHaveProperty('cookie')
    expect(payload.headers).not.toHaveProperty('absent')
    expect(Buffer.from(payload.body as string, 'base64').toString()).toBe('{"a":1}')
  })

  it('answers 404, 401 and 413 in the REST error shape and stores nothing', async () => {
    api = await harness(await factory(), { token: 'tok', bodyLimit: 10, hooks: { open: {}, gh: { secret: 'hush', signatureHeader: 'X-Sig' } } })
    const unknown = await api.handler.hook(input('constructor'))
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body)).toEqual({ error: { code: 'not_found', message: 'no hook named constructor' } })
    const noToken = await api.handler.hook(input('open'))
    expect(noToken.status).toBe(401)
    expect(noToken.headers['www-authenticate']).toBe('Bearer')
    expect((await api.handler.hook(input('open', { headers: { authorization: 'Bearer tok' }, body: Buffer.alloc(11) }))).status).toBe(413)
    expect((await api.handler.hook(input('open', { secret: 'x', headers: { authorization: 'Bearer tok' } }))).status).toBe(404)
    expect((await api.handler.hook(input('gh', { headers: { 'x-sig': 'sha256=00' } }))).status).toBe(401)
    expect((await api.handler.hook(input('gh', { secret: 'wrong' }))).status).toBe(401)
    expect((await api.queue.list()).jobs).toHaveLength(0)
  })

  it('accepts a signature under a mixed-case header name, the path secret and the bearer token', async () => {
    api = await harness(await factory(), { token: 'tok', hooks: { gh: { secret: 'hush', signatureHeader: 'X-Sig' } } })
    const body = Buffer.from('{"action":"opened"}')
    expect((await api.handler.hook(input('gh', { body, headers: { 'x-sig': signBody('hush', body) } }))).status).toBe(202)
    const bySecret = await api.handler.hook(input('gh', { secret: 'hush', path: '/hooks/gh/hush', body }))
    expect(bySecret.status).toBe(202)
    const stored = await api.queue.get((JSON.parse(bySecret.body) as { id: string }).id)
    expect((stored!.payload as { path: string }).path).toBe('/hooks/gh')
    expect((await api.handler.hook(input('gh', { body, headers: { authorization: 'Bearer tok' } }))).status).toBe(202)
  })

  it('answers 202 only after the insert holding the request resolved', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    api = await harness(await factory(), { hooks: { gh: {} } }, (store) => ({
      ...store,
      capabilities: store.capabilities,
      insert: async (params) => {
        await gate
        return store.insert(params)
      },
    }))
    let answered = false
    const pending = api.handler.hook(input('gh')).then((answer) => {
      answered = true
      return answer
    })
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(answered).toBe(false)
    expect((await api.queue.list()).jobs).toHaveLength(0)
    release()
    const answer = await pending
    expect(answer.status).toBe(202)
    expect(await api.queue.get((JSON.parse(answer.body) as { id: string }).id)).not.toBeNull()
  })

  it('answers 500 without the cause when the insert fails, and hands the error and input to onError', async () => {
    const errors: unknown[] = []
    api = await harness(await factory(), { hooks: { gh: {} }, onError: (error, request) => errors.push([error, request]) }, (store) => ({
      ...store,
      capabilities: store.capabilities,
      insert: () => Promise.reject(new Error('disk full at /var/db')),
    }))
    const answer = await api.handler.hook(input('gh'))
    expect(answer.status).toBe(500)
    expect(answer.body).not.toContain('disk full')
    expect(errors).toHaveLength(1)
    expect((errors[0] as [Error, HookInput])[1].name).toBe('gh')
  })
})

describe('receivedAtNow', () => {
  afterEach(() => vi.useRealTimers())

  it('is the ISO time of the current millisecond, made again as soon as the clock moves', () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.UTC(2026, 11, 2, 3, 4, 5, 678))
    expect(receivedAtNow()).toBe('2026-12-02T03:04:05.678Z')
    expect(receivedAtNow()).toBe('2026-12-02T03:04:05.678Z')
    vi.setSystemTime(Date.UTC(2026, 11, 2, 3, 4, 5, 679))
    expect(receivedAtNow()).toBe('2026-12-02T03:04:05.679Z')
    // A clock set back (NTP) is followed too: the string is of the millisecond now, not the newest.
    vi.setSystemTime(Date.UTC(2026, 11, 2, 3, 4, 5, 100))
    expect(receivedAtNow()).toBe('2026-12-02T03:04:05.100Z')
  })
})
