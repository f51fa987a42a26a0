// The catch-all route file's handlers, called the way Next calls them: a real Request and a
// context whose params are a Promise of the catch-all segments.
import { memoryStore, Queue } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { createRouteHandler } from './route-handler.js'

const origin = 'http://app.test'

/** What Next passes for `app/api/queue/[...path]/route.ts` at `pathname`. */
function call(handler: (r: Request, c: never) => Promise<Response>, method: string, pathname: string, init: RequestInit = {}) {
  const path = pathname.replace(/^\/api\/queue\//, '').split('/').map(decodeURIComponent)
  return handler(new Request(`${origin}${pathname}`, { method, ...init }), { params: Promise.resolve({ path }) } as never)
}

const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })

describe('createRouteHandler', () => {
  it('serves the REST API under the folder of the catch-all route', async () => {
    const queue = new Queue({ store: memoryStore() })
    const { GET, POST, DELETE } = createRouteHandler({ queue })

    const created = await call(POST, 'POST', '/api/queue/api/v1/jobs', json({ name: 'email.send', payload: { to: 'a@b.c' }, priority: 700 }))
    expect(created.status).toBe(201)
    const { job } = (await created.json()) as { job: { id: string; state: string; priority: number } }
    expect(job).toMatchObject({ state: 'ready', priority: 700 })
    expect((await queue.get(job.id))?.payload).toEqual({ to: 'a@b.c' })

    const read = await call(GET, 'GET', `/api/queue/api/v1/jobs/${job.id}`)
    expect(read.status).toBe(200)
    expect(((await read.json()) as { job: { name: string } }).job.name).toBe('email.send')

    expect((await call(DELETE, 'DELETE', `/api/queue/api/v1/jobs/${job.id}`)).status).toBe(204)
    expect(await queue.get(job.id)).toBeNull()
    expect((await call(GET, 'GET', `/api/queue/api/v1/jobs/${job.id}`)).status).toBe(404)
  })

  it('serves the compatibility routes and health check too', async () => {
    const { GET } = createRouteHandler({ queue: new Queue({ store: memoryStore() }) })
    expect(await (await call(GET, 'GET', '/api/queue/healthz')).json()).toEqual({ status: 'ok' })
    expect((await call(GET, 'GET', '/api/queue/jobs/status')).status).toBe(200)
  })

  it('works with a route mounted anywhere, from the catch-all segments', async () => {
    const { GET } = createRouteHandler({ queue: new Queue({ store: memoryStore() }) })
    const request = new Request(`${origin}/admin/jobs-api/healthz`)
    const response = await GET(request, { params: Promise.resolve({ slug: ['healthz'] }) })
    expect(response.status).toBe(200)
  })

  it('uses an explicit prefix when given one', async () => {
    const { GET } = createRouteHandler({ queue: new Queue({ store: memoryStore() }), prefix: '/q' })
    expect((await GET(new Request(`${origin}/q/healthz`))).status).toBe(200)
    expect((await GET(new Request(`${origin}/other/healthz`))).status).toBe(404)
  })

  it('opens a lazy queue on the first request only, never at import', async () => {
    let opened = 0
    const { GET } = createRouteHandler({
      queue: async () => {
        opened++
        return new Queue({ store: memoryStore() })
      },
    })
    expect(opened).toBe(0)
    await call(GET, 'GET', '/api/queue/api/v1/jobs')
    await call(GET, 'GET', '/api/queue/api/v1/jobs')
    expect(opened).toBe(1)
  })

  it('requires the bearer token when auth is a string', async () => {
    const { GET } = createRouteHandler({ queue: new Queue({ store: memoryStore() }), auth: 'route-token' })
    expect((await call(GET, 'GET', '/api/queue/api/v1/jobs')).status).toBe(401)
    const wrong = await call(GET, 'GET', '/api/queue/api/v1/jobs', { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    const right = await call(GET, 'GET', '/api/queue/api/v1/jobs', { headers: { authorization: 'Bearer route-token' } })
    expect(right.status).toBe(200)
  })

  it('asks an auth function for every request', async () => {
    const { GET } = createRouteHandler({
      queue: new Queue({ store: memoryStore() }),
      auth: (request) => request.headers.get('cookie') === 'session=admin',
    })
    expect((await call(GET, 'GET', '/api/queue/api/v1/jobs')).status).toBe(401)
    expect((await call(GET, 'GET', '/api/queue/api/v1/jobs', { headers: { cookie: 'session=admin' } })).status).toBe(200)
  })

  it('answers 400 for an invalid job and 405 for a wrong method', async () => {
    const { POST, PUT } = createRouteHandler({ queue: new Queue({ store: memoryStore() }) })
    expect((await call(POST, 'POST', '/api/queue/api/v1/jobs', json({ payload: {} }))).status).toBe(400)
    expect((await call(PUT, 'PUT', '/api/queue/api/v1/jobs')).status).toBe(405)
  })

  it('refuses options without a queue or with a bad auth', () => {
    expect(() => createRouteHandler({} as never)).toThrow(/options.queue/)
    expect(() => createRouteHandler({ queue: new Queue({ store: memoryStore() }), auth: 42 as never })).toThrow(/auth/)
  })
})
