import Fastify from 'fastify'
import { memoryStore } from '@queue/core'
import { afterEach, describe, expect, it } from 'vitest'
import { queuePlugin, QueuePluginOptionsError } from '../index.js'
import { appWith } from '../test/app.js'

const apps: { close(): Promise<unknown> }[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

describe('queuePlugin', () => {
  it('decorates app.queue, which enqueues into the given store', async () => {
    const { app, store } = await appWith({ routes: false })
    apps.push(app)
    const job = await app.queue.add('email', { to: 'a@example.com' }, { priority: 10 })
    expect((await store.get({ id: job.id }))?.payload).toEqual({ to: 'a@example.com' })
    expect(app.queueWorker).toBeNull()
  })

  it('is registered once under its name and visible outside its own scope (fastify-plugin)', async () => {
    const app = Fastify()
    apps.push(app)
    await app.register(queuePlugin, { store: memoryStore(), routes: false })
    await app.register(async (child) => {
      expect(child.queue).toBe(app.queue)
    })
    await app.ready()
    expect(app.hasPlugin('@queue/fastify')).toBe(true)
  })

  it('closes the store when the app closes', async () => {
    const store = memoryStore()
    let closed = 0
    const close = store.close.bind(store)
    store.close = async () => {
      closed++
      await close()
    }
    const { app } = await appWith({ store })
    await app.close()
    expect(closed).toBe(1)
  })

  it('leaves a shared store open with closeStore: false', async () => {
    const store = memoryStore()
    const { app } = await appWith({ store, closeStore: false })
    await app.close()
    const queue = await appWith({ store, routes: false })
    apps.push(queue.app)
    await expect(queue.app.queue.add('still-open', null)).resolves.toMatchObject({ name: 'still-open' })
  })

  it('still closes the store when registering fails after the store was handed over', async () => {
    const store = memoryStore()
    let closed = 0
    const close = store.close.bind(store)
    store.close = async () => {
      closed++
      await close()
    }
    const app = Fastify()
    await expect(app.register(queuePlugin, { store, worker: { concurrency: 0 } }).ready()).rejects.toThrow(/concurrency/)
    await app.close()
    expect(closed).toBe(1)
  })

  it('refuses unusable options at register time', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /options\.store must be a JobStore/],
      [{ store: memoryStore(), bodyLimit: -1 }, /bodyLimit must be a positive integer/],
      [{ store: memoryStore(), routes: { prefix: 'queue' } }, /routes\.prefix must start with "\/"/],
      [{ store: memoryStore(), routes: { prefix: '/queue/' } }, /routes\.prefix/],
      [{ store: memoryStore(), auth: { token: '' } }, /auth\.token must be a non-empty string/],
      [{ store: memoryStore(), dashboard: 'yes' }, /dashboard must be a boolean or \{ title\?: string \}/],
      [{ store: memoryStore(), dashboard: { title: 7 } }, /dashboard must be a boolean/],
    ]
    for (const [options, message] of cases) {
      const app = Fastify()
      await expect(app.register(queuePlugin, options as never).ready()).rejects.toThrow(QueuePluginOptionsError)
      await expect(Fastify().register(queuePlugin, options as never).ready()).rejects.toThrow(message)
    }
  })
})
