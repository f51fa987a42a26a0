import { Queue, Worker } from '@queue/core'
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { dropPrefix, REDIS_URL, testPrefix, withRedis } from '../../test/support.js'
import { redisStore } from '../index.js'

await withRedis(() => {
  const admin = new Redis(REDIS_URL)
  afterAll(() => admin.quit())

  describe('a Worker on redisStore', () => {
    it('runs every job once, in serial-group order, and settles them completed', async () => {
      const prefix = testPrefix()
      const store = redisStore({ url: REDIS_URL }, { prefix })
      const queue = new Queue({ store })
      const seen: number[] = []
      const worker = new Worker({ store, concurrency: 5, handlers: { step: async (payload: unknown) => void seen.push((payload as { n: number }).n) } })
      try {
        await queue.addMany(Array.from({ length: 60 }, (_, n) => ({ name: 'step', payload: { n }, options: { groupKey: n % 2 === 0 ? 'even' : 'odd' } })))
        await worker.drain()
        expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n))
        expect(seen.filter((n) => n % 2 === 0)).toEqual(Array.from({ length: 30 }, (_, i) => 2 * i))
        expect((await store.counts({})).completed).toBe(60)
      } finally {
        await worker.stop()
        await store.close()
        await dropPrefix(admin, prefix)
      }
    })

    it('wakes an idle worker through pub/sub instead of waiting for its next poll', async () => {
      const prefix = testPrefix()
      const store = redisStore({ url: REDIS_URL }, { prefix })
      const producer = redisStore({ url: REDIS_URL }, { prefix })
      const done: string[] = []
      const worker = new Worker({ store, pollMs: { min: 60_000, max: 60_000 }, handlers: { ping: async () => void done.push('ping') } })
      try {
        worker.start()
        // Let the worker finish its first (empty) claim and go to sleep on its 60 s poll.
        await new Promise((resolve) => setTimeout(resolve, 200))
        await new Queue({ store: producer }).add('ping', {})
        const deadline = Date.now() + 5_000
        while (done.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
        expect(done).toEqual(['ping'])
      } finally {
        await worker.stop()
        await Promise.all([store.close(), producer.close()])
        await dropPrefix(admin, prefix)
      }
    })
  })
})
