import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Harness, harness, storeFactories } from '../../test/support.js'

/** Seed 001's first example, byte for byte. */
const SEED_HTTP_JOB = {
  priority: 800,
  context: 'MyCoolApp',
  command: { type: 'http', url: 'http://httpbin.org/delay/10', method: 'GET', timeout: 20, params: { username: 'michael' } },
  callback_done: { type: 'http', url: 'http://httpbin.org/get?job=done', method: 'GET' },
}
/** Seed 001's second example. */
const SEED_EXEC_JOB = { command: { type: 'exec', cmd: '/home/michael/scripts/somescript.sh' } }

describe.each(storeFactories)('seed-001 routes on %s', (_name, factory) => {
  let api: Harness
  beforeEach(async () => {
    api = await harness(await factory(), { maxThreads: 20 })
  })
  afterEach(() => api.close())

  it('adds seed 001\'s http example as an http job and answers its id', async () => {
    const res = await api.call('POST', '/jobs/add', { body: SEED_HTTP_JOB })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 200, data: { id: expect.any(String) } })
    const job = await api.queue.get(res.body.data.id)
    expect(job).toMatchObject({ name: 'http', queue: 'default', priority: 800, state: 'ready' })
    expect(job?.payload).toEqual({
      command: { type: 'http', url: 'http://httpbin.org/delay/10', method: 'GET', timeout: 20, params: { username: 'michael' } },
      context: 'MyCoolApp',
      callback_done: { type: 'http', url: 'http://httpbin.org/get?job=done', method: 'GET' },
    })
  })

  it('adds seed 001\'s exec example with the default priority 500', async () => {
    const res = await api.call('POST', '/jobs/add', { body: SEED_EXEC_JOB })
    expect(res.status).toBe(200)
    const job = await api.queue.get(res.body.data.id)
    expect(job).toMatchObject({ name: 'exec', priority: 500, payload: { command: { type: 'exec', cmd: '/home/michael/scripts/somescript.sh' } } })
  })

  it('accepts an argv array and a callback_failed', async () => {
    const res = await api.call('POST', '/jobs/add', {
      body: { command: { type: 'exec', cmd: ['/bin/echo', 'hi'], timeout: 5 }, callback_failed: { type: 'http', url: 'http://127.0.0.1:1/failed', method: 'POST' } },
    })
    expect(res.status).toBe(200)
    const job = await api.queue.get(res.body.data.id)
    expect(job?.payload).toMatchObject({ command: { cmd: ['/bin/echo', 'hi'] }, callback_failed: { url: 'http://127.0.0.1:1/failed' } })
  })

  it.each([
    [{ priority: 800 }, 'command'],
    [{ command: { type: 'ftp', url: 'ftp://x' } }, 'command.type'],
    [{ command: { type: 'http' } }, 'command.url'],
    [{ command: { type: 'http', url: 'not a url' } }, 'command.url'],
    [{ command: { type: 'http', url: 'file:///etc/passwd' } }, 'command.url'],
    [{ command: { type: 'http', url: 'http://x/', method: 'BREW' } }, 'command.method'],
    [{ command: { type: 'http', url: 'http://x/', timeout: -1 } }, 'command.timeout'],
    [{ command: { type: 'http', url: 'http://x/', timeout: '20' } }, 'command.timeout'],
    [{ command: { type: 'http', url: 'http://x/', params: 'a=b' } }, 'command.params'],
    [{ command: { type: 'http', url: 'http://x/', headers: { a: 1 } } }, 'command.headers.a'],
    [{ command: { type: 'exec' } }, 'command.cmd'],
    [{ command: { type: 'exec', cmd: [] } }, 'command.cmd'],
    [{ command: { type: 'exec', cmd: ['/bin/echo', 3] } }, 'command.cmd'],
    [{ command: { type: 'exec', cmd: '/bin/echo' }, priority: 'high' }, 'priority'],
    [{ command: { type: 'exec', cmd: '/bin/echo' }, priority: 1.5 }, 'priority'],
    [{ command: { type: 'exec', cmd: '/bin/echo' }, context: 42 }, 'context'],
    [{ command: { type: 'exec', cmd: '/bin/echo' }, callback_done: { type: 'http' } }, 'callback_done.url'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await api.call('POST', '/jobs/add', { body })
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({ status: 400, error: { code: 'invalid_field' } })
    expect(res.body.error.message.startsWith(`${field} `)).toBe(true)
    expect((await api.queue.list()).jobs).toHaveLength(0)
  })

  it('refuses a priority outside the stores\' 32-bit range with 400', async () => {
    const res = await api.call('POST', '/jobs/add', { body: { ...SEED_EXEC_JOB, priority: 2 ** 40 } })
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain('priority')
  })

  it('refuses invalid JSON and a non-object body with 400', async () => {
    const bad = await api.call('POST', '/jobs/add', { raw: '{"command": ', headers: { 'content-type': 'application/json' } })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ status: 400, error: { code: 'invalid_json' } })
    expect((await api.call('POST', '/jobs/add', { body: [SEED_EXEC_JOB] })).status).toBe(400)
    expect((await api.call('POST', '/jobs/add', { raw: '' })).body.error.code).toBe('invalid_json')
  })

  it('reports waiting, working, max_threads and free_threads', async () => {
    for (let i = 0; i < 3; i++) await api.call('POST', '/jobs/add', { body: SEED_EXEC_JOB })
    await api.queue.add('later', {}, { delayMs: 60_000 })
    await api.store.claim({ workerId: 'w', limit: 1, leaseMs: 30_000 })
    const res = await api.call('GET', '/jobs/status')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 200, data: { waiting: 3, working: 1, max_threads: 20, free_threads: 19 } })
  })

  it('shows one job with a seed-001 status word', async () => {
    const { body } = await api.call('POST', '/jobs/add', { body: SEED_HTTP_JOB })
    const res = await api.call('GET', `/jobs/status/${body.data.id}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 200, data: { id: body.data.id, state: 'ready', status: 'waiting', name: 'http', priority: 800 } })
    expect(typeof res.body.data.createdAt).toBe('string')
  })

  it('answers 404 for an unknown job id', async () => {
    const res = await api.call('GET', '/jobs/status/999999')
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({ status: 404, error: { code: 'not_found' } })
  })

  it('answers 405 for GET /jobs/add', async () => {
    expect((await api.call('GET', '/jobs/add')).status).toBe(405)
  })
})
