import { randomBytes } from 'node:crypto'
import { Socket } from 'node:net'
import { Redis } from 'ioredis'
import { describe, it } from 'vitest'

export const REDIS_URL = process.env.QUEUE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A key prefix of its own for one test, so parallel runs and other helpers never collide. */
export function testPrefix(): string {
  return `queue-test-${randomBytes(5).toString('hex')}`
}

/** Deletes every key under `prefix` (SCAN, never KEYS, so a shared server is not blocked). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
    cursor = next
    if (keys.length > 0) await redis.unlink(...keys)
  } while (cursor !== '0')
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (up: boolean): void => {
      socket.destroy()
      resolve(up)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(Number(port || 6379), hostname, () => done(true))
  })
}

/**
 * Registers `register()` when Redis is up. Locally a missing Redis skips loudly; in CI (`CI=true`)
 * it fails, so a broken service can never pass as green.
 */
export async function withRedis(register: () => void): Promise<void> {
  if (await reachable(REDIS_URL)) return register()
  if (process.env.CI === 'true') {
    describe(`Redis at ${REDIS_URL}`, () =>
      it('is reachable', () => {
        throw new Error(`Redis is not reachable at ${REDIS_URL} (CI=true: failing instead of skipping)`)
      }))
    return
  }
  console.warn(`\n!!! Redis is not reachable at ${REDIS_URL}: SKIPPING its tests !!!\n`)
  describe.skip(`Redis (unreachable at ${REDIS_URL})`, () => it('needs the service', () => {}))
}
