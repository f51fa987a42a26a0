/** Whether the Redis server answers, for the systems that need it. */
import { Redis } from 'ioredis'
import { REDIS_URL } from './env.js'

/** `null` when Redis answers PING, else why not (one attempt, no retries). */
export async function redisReachable(): Promise<string | null> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null })
  try {
    await redis.connect()
    await redis.ping()
    return null
  } catch (error) {
    return `Redis unreachable at ${REDIS_URL}: ${(error as Error).message}`
  } finally {
    redis.disconnect()
  }
}
