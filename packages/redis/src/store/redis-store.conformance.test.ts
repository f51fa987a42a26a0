import { storeConformance } from '@queue/core/testing'
import { Redis } from 'ioredis'
import { afterAll } from 'vitest'
import { dropPrefix, REDIS_URL, testPrefix, withRedis } from '../../test/support.js'
import { redisStore } from '../index.js'

await withRedis(() => {
  const admin = new Redis(REDIS_URL)
  afterAll(() => admin.quit())

  storeConformance('redis', async () => {
    const prefix = testPrefix()
    const store = redisStore({ url: REDIS_URL }, { prefix })
    await store.migrate()
    return {
      store,
      peer: async () => redisStore({ url: REDIS_URL }, { prefix }),
      cleanup: () => dropPrefix(admin, prefix),
    }
  })
})
