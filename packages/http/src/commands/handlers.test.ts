import { randomUUID } from 'node:crypto'
import { memoryStore, Queue, silentLogger, Worker } from '@queue/core'
import type { Job } from '@queue/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type EchoServer, startEchoServer } from '../../test/echo-server.js'
import { eventually, storeFactories, type StoreTarget } from '../../test/support.js'
import { createHttpHandler } from '../index.js'
import { commandHandlers } from './handlers.js'

let server: EchoServer
beforeAll(async () => {
  server = await startEchoServer()
})
afterAll(() => server.close())

const fast = { maxAttempts: 3, backoff: { type: 'fixed', delayMs: 10 } } as const

describe.each(storeFactories)('command jobs run by a Worker on %s', (_name, factory) => {
  let target: StoreTarget
  let queue: Queue
  let worker: Worker
  let api: ReturnType<typeof createHttpHandler>

  async function setup(extra: { leaseMs?: number } = {}): Promise<void> {
    target = await factory()
    queue = new Queue({ store: target.store })
    worker = new Worker({
      store: target.store,
      handlers: { ...commandHandlers({ queue, allowExec: ['/bin/echo'] }) },
      concurrency: 4,
      pollMs: { min: 5, max: 20 },
      logger: silentLogger,
      ...extra,
    }).start()
    api = createHttpHandler({ queue, maxThreads: 4 })
  }
  afterEach(async () => {
    await worker.stop({ graceMs: 100 })
    await target.cleanup()
  })

  const post = async (path: string, body: unknown) => {
    const res = await api(new Request(`http://queue.test${path}`, { method: 'POST', body: JSON.stringify(body) }))
    return (await res.json()) as any
  }
  const settled = (id: string) =>
    eventually(async () => {
      const job = await queue.get(id)
      return job && ['completed', 'failed'].includes(job.state) ? job : null
    })
  const callbacksOf = async (parentId: string): Promise<Job[]> =>
    (await queue.list({ limit: 100 })).jobs.filter((job) => (job.payload as { parent?: { id: string } }).parent?.id === parentId)

  it('runs a seed-001 http job, stores the response and runs callback_done as its own job', async () => {
    await setup()
    const seen = server.received.length
    const added = await post('/jobs/add', {
      priority: 800,
      context: 'MyCoolApp',
      command: { type: 'http', url: `${server.url}/echo`, method: 'GET', timeout: 5, params: { username: 'michael' } },
      callback_done: { type: 'http', url: `${server.url}/echo?job=done`, method: 'GET' },
    })
    const job = await settled(added.data.id)
    expect(job.state).toBe('completed')
    expect(job.result).toMatchObject({ status: 200, truncated: false })
    expect(JSON.parse((job.result as { body: string }).body).url).toBe('/echo?username=michael')

    const [callback] = await callbacksOf(job.id)
    expect(callback).toMatchObject({ name: 'http', priority: 800, payload: { context: 'MyCoolApp', parent: { id: job.id, state: 'completed' } } })
    await eventually(async () => (await queue.get(callback!.id))?.state === 'completed')
    const call = server.received.slice(seen).find((r) => r.url === '/echo?job=done')
    expect(call?.headers['x-queue-job-id']).toBe(job.id)
    expect(call?.headers['x-queue-job-state']).toBe('completed')
  })

  it('fails a 4xx job at once and enqueues callback_failed, not callback_done', async () => {
    await setup()
    const added = await post('/jobs/add', {
      command: { type: 'http', url: `${server.url}/status/404` },
      callback_done: { type: 'http', url: `${server.url}/echo?job=done` },
      callback_failed: { type: 'http', url: `${server.url}/echo?job=failed`, method: 'POST' },
    })
    const job = await settled(added.data.id)
    expect(job).toMatchObject({ state: 'failed', attempts: 1 })
    expect(job.lastError).toContain('404')
    const callbacks = await callbacksOf(job.id)
    expect(callbacks).toHaveLength(1)
    expect(callbacks[0]?.payload).toMatchObject({ command: { url: `${server.url}/echo?job=failed` }, parent: { state: 'failed' } })
  })

  it('retries a 5xx job and enqueues callback_failed once, after the last attempt', async () => {
    await setup()
    const job = await queue.add(
      'http',
      { command: { type: 'http', url: `${server.url}/status/500` }, callback_failed: { type: 'http', url: `${server.url}/echo?after=3` } },
      fast,
    )
    const done = await settled(job.id)
    expect(done).toMatchObject({ state: 'failed', attempts: 3 })
    expect(await callbacksOf(job.id)).toHaveLength(1)
  })

  it('retries a failing callback as a durable job of its own', async () => {
    await setup()
    const job = await queue.add('http', { command: { type: 'http', url: `${server.url}/echo` }, callback_done: { type: 'http', url: `${server.url}/flaky?key=${randomUUID()}` } }, fast)
    await settled(job.id)
    const [callback] = await callbacksOf(job.id)
    const finished = await settled(callback!.id)
    expect(finished).toMatchObject({ state: 'completed', attempts: 3 })
  })

  it('enqueues no callback_failed when a running job is cancelled or given back on shutdown', async () => {
    // A short lease, so the heartbeat (every leaseMs / 3) notices the cancel quickly.
    await setup({ leaseMs: 300 })
    const payload = { command: { type: 'http', url: `${server.url}/slow` }, callback_failed: { type: 'http', url: `${server.url}/echo` } }
    const cancelled = await queue.add('http', payload, { maxAttempts: 1 })
    const released = await queue.add('http', payload, { maxAttempts: 1 })
    await eventually(async () => (await queue.get(cancelled.id))?.state === 'active' && (await queue.get(released.id))?.state === 'active')
    await queue.cancel(cancelled.id)
    await eventually(() => worker.activeCount === 1)
    await worker.stop({ graceMs: 10 })
    expect((await queue.get(cancelled.id))?.state).toBe('cancelled')
    expect((await queue.get(released.id))?.state).toBe('ready')
    expect(await callbacksOf(cancelled.id)).toHaveLength(0)
    expect(await callbacksOf(released.id)).toHaveLength(0)
  })

  it('runs an allowed exec job and refuses a program outside the allow-list', async () => {
    await setup()
    const ok = await post('/jobs/add', { command: { type: 'exec', cmd: ['/bin/echo', 'from', 'exec'] } })
    const refused = await post('/jobs/add', { command: { type: 'exec', cmd: '/bin/ls' } })
    expect(await settled(ok.data.id)).toMatchObject({ state: 'completed', result: { exitCode: 0, stdout: 'from exec\n' } })
    const failed = await settled(refused.data.id)
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 })
    expect(failed.lastError).toContain('/bin/ls')
  })

  it('fails a job whose payload is not a command, permanently', async () => {
    await setup()
    const bad = await queue.add('http', { command: { type: 'http', url: 'gopher://x' } })
    const mismatched = await queue.add('exec', { command: { type: 'http', url: `${server.url}/echo` } })
    expect(await settled(bad.id)).toMatchObject({ state: 'failed', attempts: 1 })
    const other = await settled(mismatched.id)
    expect(other.state).toBe('failed')
    expect(other.lastError).toContain('command.type "exec"')
  })
})

describe('commandHandlers', () => {
  it('fit a core Worker\'s handlers and JobContext', () => {
    const store = memoryStore()
    const queue = new Queue({ store })
    // Compiles only if the handlers fit WorkerHandlers; constructing validates them at runtime too.
    const worker = new Worker({ store, handlers: commandHandlers({ queue }), logger: silentLogger })
    expect(worker.isRunning).toBe(false)
  })
})
