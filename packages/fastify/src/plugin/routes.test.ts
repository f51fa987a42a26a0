import { createHmac } from 'node:crypto'
import Fastify from 'fastify'
import { memoryStore } from '@queue/core'
import { afterEach, describe, expect, it } from 'vitest'
import { queuePlugin } from '../index.js'
import { appWith, seedJob } from '../test/app.js'

const apps: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

async function open(options: Parameters<typeof appWith>[0] = {}) {
  const made = await appWith(options)
  apps.push(made.app)
  return made
}

const auth = { authorization: 'Bearer s3cret' }

describe('seed 001 routes through the plugin', () => {
  it('adds a job with POST /jobs/add and reads it back with GET /jobs/status/:id', async () => {
    const { app, store } = await open({ maxThreads: 20 })
    const added = await app.inject({ method: 'POST', url: '/jobs/add', payload: seedJob })
    expect(added.statusCode).toBe(200)
    const id = added.json().data.id as string
    const job = await store.get({ id })
    expect(job).toMatchObject({ name: 'http', priority: 800, state: 'ready' })
    expect(job?.payload).toMatchObject({ context: 'MyCoolApp', command: { type: 'http' }, callback_done: { type: 'http' } })

    const one = await app.inject({ method: 'GET', url: `/jobs/status/${id}` })
    expect(one.statusCode).toBe(200)
    expect(one.json()).toMatchObject({ status: 200, data: { id, status: 'waiting' } })

    const all = await app.inject({ method: 'GET', url: '/jobs/status' })
    expect(all.json()).toEqual({ status: 200, data: { waiting: 1, working: 0, max_threads: 20, free_threads: 20 } })
  })

  it('answers 400 naming the field for a bad command and 400 for invalid JSON', async () => {
    const { app, store } = await open()
    const noUrl = await app.inject({ method: 'POST', url: '/jobs/add', payload: { command: { type: 'http' } } })
    expect(noUrl.statusCode).toBe(400)
    expect(noUrl.json().error.message).toMatch(/command\.url/)
    const badJson = await app.inject({ method: 'POST', url: '/jobs/add', headers: { 'content-type': 'application/json' }, payload: '{"command": ' })
    expect(badJson.statusCode).toBe(400)
    expect(badJson.json()).toMatchObject({ status: 400, error: { code: 'invalid_json' } })
    expect((await store.counts({})).ready).toBe(0)
  })

  it('answers 404 for an unknown job id and an unknown route', async () => {
    const { app } = await open()
    expect((await app.inject({ method: 'GET', url: '/jobs/status/does-not-exist' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/nope' })).statusCode).toBe(404)
  })

  it('answers 413 for a body over the limit and stores nothing', async () => {
    const { app, store } = await open({ bodyLimit: 1024 })
    const big = { ...seedJob, context: 'x'.repeat(2048) }
    const response = await app.inject({ method: 'POST', url: '/jobs/add', payload: big })
    expect(response.statusCode).toBe(413)
    expect(response.json()).toMatchObject({ error: { code: 'body_too_large' } })
    expect((await store.counts({})).ready).toBe(0)
  })

  it('accepts a body just under the default 1 MiB limit and refuses one over it', async () => {
    const { app } = await open()
    const under = { ...seedJob, context: 'x'.repeat(1024 * 1024 - 1024) }
    expect((await app.inject({ method: 'POST', url: '/jobs/add', payload: under })).statusCode).toBe(200)
    const over = { ...seedJob, context: 'x'.repeat(1024 * 1024) }
    expect((await app.inject({ method: 'POST', url: '/jobs/add', payload: over })).statusCode).toBe(413)
  })
})

describe('auth through the plugin', () => {
  it('needs the bearer token on every route but /healthz once one is set', async () => {
    const { app } = await open({ auth: { token: 's3cret' } })
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/jobs/status' })).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/jobs/status', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401)
    expect((await app.inject({ method: 'POST', url: '/jobs/add', payload: seedJob })).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/api/v1/jobs' })).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401)
    expect((await app.inject({ method: 'GET', url: '/jobs/status', headers: auth })).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: '/jobs/add', payload: seedJob, headers: auth })).statusCode).toBe(200)
  })
})

describe('the REST API through the plugin', () => {
  it('creates, gets, lists, cancels, retries and deletes jobs', async () => {
    const { app } = await open()
    const created = await app.inject({ method: 'POST', url: '/api/v1/jobs', payload: { name: 'report', payload: { n: 1 }, queue: 'reports' } })
    expect(created.statusCode).toBe(201)
    const id = created.json().job.id as string
    expect((await app.inject({ method: 'GET', url: `/api/v1/jobs/${id}` })).json().job).toMatchObject({ id, name: 'report', queue: 'reports' })
    const list = await app.inject({ method: 'GET', url: '/api/v1/jobs?queue=reports' })
    expect(list.json().jobs.map((j: { id: string }) => j.id)).toEqual([id])
    expect((await app.inject({ method: 'POST', url: `/api/v1/jobs/${id}/cancel` })).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: `/api/v1/jobs/${id}/retry` })).statusCode).toBe(200)
    expect((await app.inject({ method: 'GET', url: '/api/v1/queues' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/jobs/${id}` })).statusCode).toBe(204)
    expect((await app.inject({ method: 'GET', url: `/api/v1/jobs/${id}` })).statusCode).toBe(404)
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/jobs/${id}` })).statusCode).toBe(404)
  })

  it('rejects a bad create body with 400 and serves the OpenAPI document', async () => {
    const { app } = await open()
    const bad = await app.inject({ method: 'POST', url: '/api/v1/jobs', payload: { payload: {} } })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toMatch(/name/)
    const doc = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(doc.statusCode).toBe(200)
    expect(doc.json().openapi).toMatch(/^3\./)
  })

  it('serves Prometheus metrics', async () => {
    const { app } = await open()
    await app.inject({ method: 'POST', url: '/jobs/add', payload: seedJob })
    const metrics = await app.inject({ method: 'GET', url: '/metrics' })
    expect(metrics.statusCode).toBe(200)
    expect(metrics.headers['content-type']).toMatch(/text\/plain/)
    expect(metrics.body).toMatch(/queue="default"/)
  })
})

describe('webhook intake through the plugin', () => {
  async function storedBody(store: Awaited<ReturnType<typeof open>>['store'], id: string): Promise<Buffer> {
    const job = await store.get({ id })
    return Buffer.from((job!.payload as { body: string }).body, 'base64')
  }

  it('stores a form-encoded body (as Bitrix24 sends) byte for byte and answers 202', async () => {
    const { app, store } = await open({ hooks: { bitrix: {} } })
    const body = 'event=ONCRMDEALUPDATE&data%5BFIELDS%5D%5BID%5D=42&auth%5Bdomain%5D=x.bitrix24.ru&empty=&plus=a+b'
    const response = await app.inject({
      method: 'POST',
      url: '/hooks/bitrix?src=crm',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
    })
    expect(response.statusCode).toBe(202)
    const id = response.json().id as string
    expect((await storedBody(store, id)).toString('utf8')).toBe(body)
    const payload = (await store.get({ id }))?.payload as { method: string; query: unknown; headers: Record<string, string> }
    expect(payload).toMatchObject({ method: 'POST', query: { src: 'crm' } })
    expect(payload.headers['content-type']).toBe('application/x-www-form-urlencoded')
  })

  it('keeps JSON whitespace and key order and arbitrary binary bytes exactly', async () => {
    const { app, store } = await open({ hooks: { any: {} } })
    const json = '{ "b":1,\n  "a" : [ 1.50, "\\u00e9" ] }'
    const one = await app.inject({ method: 'POST', url: '/hooks/any', headers: { 'content-type': 'application/json' }, payload: json })
    expect(one.statusCode).toBe(202)
    expect((await storedBody(store, one.json().id)).toString('utf8')).toBe(json)
    const bytes = Buffer.from([0, 255, 1, 254, 0x80, 0x0a, 0x0d, 0xc3])
    const two = await app.inject({ method: 'POST', url: '/hooks/any', headers: { 'content-type': 'application/octet-stream' }, payload: bytes })
    expect(two.statusCode).toBe(202)
    expect((await storedBody(store, two.json().id)).equals(bytes)).toBe(true)
    const three = await app.inject({ method: 'POST', url: '/hooks/any', payload: bytes })
    expect(three.statusCode).toBe(202)
    expect((await storedBody(store, three.json().id)).equals(bytes)).toBe(true)
  })

  it('accepts a valid HMAC-SHA256 signature of the raw body and the secret as a path segment; 401 otherwise', async () => {
    const { app, store } = await open({ auth: { token: 's3cret' }, hooks: { github: { secret: 'hook-secret' } } })
    const body = '{"action":"opened","number":1}'
    const signature = `sha256=${createHmac('sha256', 'hook-secret').update(body).digest('hex')}`
    const signed = await app.inject({
      method: 'POST',
      url: '/hooks/github',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      payload: body,
    })
    expect(signed.statusCode).toBe(202)
    expect((await storedBody(store, signed.json().id)).toString()).toBe(body)
    const wrong = await app.inject({
      method: 'POST',
      url: '/hooks/github',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
      payload: body,
    })
    expect(wrong.statusCode).toBe(401)
    expect((await app.inject({ method: 'POST', url: '/hooks/github', payload: body })).statusCode).toBe(401)
    expect((await app.inject({ method: 'POST', url: '/hooks/github/hook-secret', payload: body })).statusCode).toBe(202)
    expect((await app.inject({ method: 'POST', url: '/hooks/github/wrong', payload: body })).statusCode).toBe(401)
  })

  it('answers 404 for an undeclared hook and 401 for a secretless hook without the token', async () => {
    const { app } = await open({ auth: { token: 's3cret' }, hooks: { plain: {} } })
    expect((await app.inject({ method: 'POST', url: '/hooks/unknown', payload: 'x', headers: auth })).statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: '/hooks/plain', payload: 'x' })).statusCode).toBe(401)
    expect((await app.inject({ method: 'POST', url: '/hooks/plain', payload: 'x', headers: auth })).statusCode).toBe(202)
  })

  it('answers 413 for a webhook body over the limit', async () => {
    const { app } = await open({ hooks: { any: {} }, bodyLimit: 100 })
    const response = await app.inject({ method: 'POST', url: '/hooks/any', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(101) })
    expect(response.statusCode).toBe(413)
  })
})

describe('webhook routes mounted without the Web Request bridge', () => {
  it('stores the full path under a prefix, the query, repeated headers and an empty body; answers PUT and PATCH too', async () => {
    const app = Fastify()
    apps.push(app)
    const store = memoryStore()
    await app.register(queuePlugin, { store, routes: { prefix: '/queue' }, hooks: { h: {} } })
    await app.ready()
    const posted = await app.inject({
      method: 'POST',
      url: '/queue/hooks/h?src=crm&x=1&x=2',
      headers: { 'content-type': 'text/plain', 'x-tag': ['a', 'b'], cookie: 'session=1' },
      payload: 'raw',
    })
    expect(posted.statusCode).toBe(202)
    expect(posted.headers['content-type']).toBe('application/json; charset=utf-8')
    const payload = (await store.get({ id: posted.json().id }))?.payload as Record<string, any>
    expect(payload).toMatchObject({ hook: 'h', method: 'POST', path: '/queue/hooks/h', query: { src: 'crm', x: ['1', '2'] } })
    expect(payload.headers).toMatchObject({ 'content-type': 'text/plain', 'x-tag': 'a, b' })
    expect(payload.headers.cookie).toBeUndefined()
    const empty = await app.inject({ method: 'PUT', url: '/queue/hooks/h' })
    expect(empty.statusCode).toBe(202)
    expect((await store.get({ id: empty.json().id }))?.payload).toMatchObject({ method: 'PUT', body: '' })
    expect((await app.inject({ method: 'PATCH', url: '/queue/hooks/h', payload: 'p' })).statusCode).toBe(202)
  })

  it('still answers 405 for GET on a hook, 404 for a secret segment on a secretless hook, and 500 without the cause', async () => {
    const store = memoryStore()
    const { app } = await open({ store: { ...store, capabilities: store.capabilities, insert: () => Promise.reject(new Error('disk full')) }, hooks: { h: {} } })
    expect((await app.inject({ method: 'GET', url: '/hooks/h' })).statusCode).toBe(405)
    expect((await app.inject({ method: 'POST', url: '/hooks/h/extra', payload: 'x' })).statusCode).toBe(404)
    const failed = await app.inject({ method: 'POST', url: '/hooks/h', payload: 'x' })
    expect(failed.statusCode).toBe(500)
    expect(failed.json()).toEqual({ error: { code: 'internal', message: 'internal server error' } })
  })
})

describe('mounting', () => {
  it('serves the API under a prefix and leaves the app its own routes and JSON parser', async () => {
    const app = Fastify()
    apps.push(app)
    await app.register(queuePlugin, { store: memoryStore(), routes: { prefix: '/queue' }, hooks: { h: {} } })
    app.post('/echo', async (request) => ({ parsed: request.body }))
    await app.ready()
    expect((await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } })).json()).toEqual({ parsed: { a: 1 } })
    expect((await app.inject({ method: 'GET', url: '/queue/healthz' })).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: '/queue/jobs/add', payload: seedJob })).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: '/queue/hooks/h', payload: 'raw' })).statusCode).toBe(202)
    expect((await app.inject({ method: 'GET', url: '/jobs/status' })).statusCode).toBe(404)
  })

  it('serves the dashboard by default, under a title when given one', async () => {
    const { app } = await open()
    const page = await app.inject({ method: 'GET', url: '/dashboard' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/text\/html/)
    const titled = await open({ dashboard: { title: 'Billing jobs' } })
    expect((await titled.app.inject({ method: 'GET', url: '/dashboard' })).body).toContain('<title>Billing jobs</title>')
  })

  it('answers 404 at /dashboard with dashboard: false and keeps the API', async () => {
    const { app } = await open({ dashboard: false })
    expect((await app.inject({ method: 'GET', url: '/dashboard' })).statusCode).toBe(404)
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200)
  })

  it('mounts no routes with routes: false', async () => {
    const { app } = await open({ routes: false })
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(404)
  })
})

describe('odd requests', () => {
  it('routes a path starting with // as a path, not as a host', async () => {
    const { app } = await open()
    const response = await app.inject({ method: 'GET', url: '//jobs/status' })
    expect(response.statusCode).toBe(200)
    expect(response.json().data).toMatchObject({ waiting: 0 })
  })

  it('answers a request with an unusable Host header instead of failing', async () => {
    const { app } = await open()
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: { host: 'bad host^' } })
    expect(response.statusCode).toBe(200)
  })
})
