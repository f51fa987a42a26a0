// Run with Redis on 127.0.0.1:6379: pnpm --filter @queue/redis build && node packages/redis/examples/basic.mjs
import { Queue, Worker } from '@queue/core'
import { redisStore } from '@queue/redis'

const store = redisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, { prefix: 'example' })
const queue = new Queue({ store })

await queue.add('email.send', { to: 'ada@example.com' }, { priority: 800 })
await queue.add('invoice.render', { invoice: 42 }, { groupKey: 'customer-7', delayMs: 500 })

const worker = new Worker({
  store,
  concurrency: 10,
  handlers: {
    'email.send': async (payload) => console.log('sending', payload),
    'invoice.render': async (payload) => ({ pages: 3, ...payload }),
  },
})
await worker.drain() // runs what is due now; worker.start() keeps running and wakes on pub/sub
await new Promise((resolve) => setTimeout(resolve, 600))
await worker.drain()

console.log(await store.counts({ queue: 'default' }))
await store.prune({ olderThan: new Date() })
await store.close()
