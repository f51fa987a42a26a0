import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { memoryStore } from '@queue/core'
import { afterEach, describe, expect, it } from 'vitest'
import { appWith, seedJob } from '../test/app.js'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

async function until<T>(check: () => Promise<T> | T, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('the in-app worker', () => {
  it('starts on ready and runs your handlers', async () => {
    const seen: unknown[] = []
    const { app } = await appWith({ routes: false, worker: { handlers: { email: async (payload) => seen.push(payload) } } })
    cleanups.push(() => app.close())
    expect(app.queueWorker?.isRunning).toBe(true)
    const job = await app.queue.add('email', { to: 'a@example.com' })
    const done = await until(async () => ((await app.queue.get(job.id))?.state === 'completed' ? true : null), 'the job to complete')
    expect(done).toBe(true)
    expect(seen).toEqual([{ to: 'a@example.com' }])
  })

  it('runs seed 001 http jobs added over the API, callback_done included', async () => {
    const hits: string[] = []
    const target = createServer((request, response) => {
      hits.push(request.url ?? '')
      response.end('ok')
    })
    target.listen(0, '127.0.0.1')
    await once(target, 'listening')
    cleanups.push(() => new Promise((resolve) => target.close(resolve)))
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`
    const { app } = await appWith({ worker: { concurrency: 4 } })
    cleanups.push(() => app.close())
    const added = await app.inject({
      method: 'POST',
      url: '/jobs/add',
      payload: { ...seedJob, command: { ...seedJob.command, url: `${base}/work` }, callback_done: { type: 'http', url: `${base}/done`, method: 'GET' } },
    })
    const id = added.json().data.id as string
    await until(() => hits.includes('/done'), 'the callback')
    expect(hits[0]).toBe('/work?username=michael')
    const status = await until(async () => {
      const one = (await app.inject({ method: 'GET', url: `/jobs/status/${id}` })).json()
      return one.data.status === 'done' ? one : null
    }, 'the job to be done')
    expect(status.data.id).toBe(id)
    expect((await app.inject({ method: 'GET', url: '/jobs/status' })).json().data.max_threads).toBe(4)
  })

  it('lets a running job finish within the grace period on close, then closes the store', async () => {
    const store = memoryStore()
    let release!: () => void
    const started = new Promise<void>((resolve) => (release = resolve))
    const { app } = await appWith({
      store,
      routes: false,
      worker: {
        graceMs: 5_000,
        handlers: {
          slow: async () => {
            release()
            await new Promise((resolve) => setTimeout(resolve, 150))
            return 'finished'
          },
        },
      },
    })
    const completed: string[] = []
    app.queueWorker?.on('completed', (job) => completed.push(job.id))
    const job = await app.queue.add('slow', null)
    await started
    await app.close()
    expect(completed).toEqual([job.id])
    expect(app.queueWorker?.isRunning).toBe(false)
    await expect(store.get({ id: job.id })).rejects.toThrow()
  })

  it('gives a job that outlives the grace period back to ready instead of losing it', async () => {
    const store = memoryStore()
    let release!: () => void
    const started = new Promise<void>((resolve) => (release = resolve))
    const { app } = await appWith({
      store,
      closeStore: false,
      routes: false,
      worker: {
        graceMs: 50,
        handlers: {
          stuck: async (_payload, ctx) => {
            release()
            await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve))
            throw ctx.signal.reason
          },
        },
      },
    })
    const job = await app.queue.add('stuck', null)
    await started
    await app.close()
    expect((await store.get({ id: job.id }))?.state).toBe('ready')
    await store.close()
  })
})
