import { newJob } from '@queue/core/testing'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { dropPrefix, REDIS_URL, testPrefix, withRedis } from '../../test/support.js'
import { redisStore, RedisStoreClosedError } from '../index.js'
import { Script } from '../scripts/index.js'

const T0 = new Date('2031-05-05T10:00:00.000Z')
const at = (ms: number): Date => new Date(T0.getTime() + ms)

await withRedis(() => {
  const admin = new Redis(REDIS_URL)
  const prefixes: string[] = []
  const closers: (() => Promise<unknown>)[] = []
  afterAll(() => admin.quit())
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
    await Promise.all(prefixes.splice(0).map((prefix) => dropPrefix(admin, prefix)))
  })

  /** A fresh prefix, deleted after the test, and a store on it that is closed after the test. */
  function freshStore(options: { clock?: () => Date } = {}): { store: ReturnType<typeof redisStore>; prefix: string } {
    const prefix = testPrefix()
    prefixes.push(prefix)
    const store = redisStore({ url: REDIS_URL }, { prefix, ...options })
    closers.push(() => store.close())
    return { store, prefix }
  }

  describe('redisStore', () => {
    it('declares native wake-ups, parallel claims, leased inserts and no transactional enqueue, and refuses a transaction', async () => {
      const { store } = freshStore()
      expect(store.capabilities).toEqual({ notify: 'native', transactionalEnqueue: false, parallelClaims: true, leasedInsert: true })
      await expect(store.insert({ jobs: [newJob()], tx: {} })).rejects.toThrow(TypeError)
      expect((await store.list({})).jobs).toEqual([])
    })

    it('wakes a listener on another connection when a ready job is inserted', async () => {
      const { store, prefix } = freshStore()
      const listener = redisStore({ url: REDIS_URL }, { prefix })
      closers.push(() => listener.close())
      const heard: string[] = []
      await listener.notifier!.listen((queue) => heard.push(queue))
      await store.insert({ jobs: [newJob({ queue: 'later', runAt: at(60_000) }), newJob({ queue: 'mail', runAt: T0 })], now: T0 })
      await waitFor(() => heard.includes('mail'))
      expect(heard).not.toContain('later')
    })

    it('handles the errors of a connection it opened itself: no unhandled ioredis error event', async () => {
      // Nothing listens on port 1: the connection it opens fails, and ioredis emits 'error'. Without a
      // listener ioredis prints "[ioredis] Unhandled error event" on every reconnect attempt (seen in
      // the chaos harness when the connections were cut); the store's calls report the failure instead.
      const printed = vi.spyOn(console, 'error').mockImplementation(() => {})
      try {
        const store = redisStore({ url: 'redis://127.0.0.1:1' }, { prefix: testPrefix() })
        await new Promise((resolve) => setTimeout(resolve, 300))
        await store.close()
        expect(printed.mock.calls.filter((call) => String(call[0]).includes('Unhandled error event'))).toEqual([])
      } finally {
        printed.mockRestore()
      }
    })

    it('keeps a client it was given open, and closes a connection it opened', async () => {
      const client = new Redis(REDIS_URL)
      closers.push(() => client.quit())
      const prefix = testPrefix()
      prefixes.push(prefix)
      const borrowed = redisStore({ client }, { prefix })
      await borrowed.notifier!.listen(() => {})
      await borrowed.insert({ jobs: [newJob()] })
      await borrowed.close()
      expect(await client.ping()).toBe('PONG')
      expect(client.status).toBe('ready')

      const { store } = freshStore()
      await store.insert({ jobs: [newJob()] })
      await store.close()
      await expect(store.insert({ jobs: [newJob()] })).rejects.toThrow(RedisStoreClosedError)
      await expect(borrowed.claim({ workerId: 'w', limit: 1, leaseMs: 1_000 })).rejects.toThrow(RedisStoreClosedError)
      await store.close()
    })

    it('works on a client with an ioredis keyPrefix, wake-ups included', async () => {
      const outer = testPrefix()
      prefixes.push(`${outer}:inner`)
      const client = new Redis(REDIS_URL, { keyPrefix: `${outer}:` })
      closers.push(() => client.quit())
      const store = redisStore({ client }, { prefix: 'inner' })
      closers.push(() => store.close())
      const heard: string[] = []
      await store.notifier!.listen((queue) => heard.push(queue))
      const [row] = await store.insert({ jobs: [newJob({ queue: 'kp', runAt: T0 })], now: T0 })
      await waitFor(() => heard.includes('kp'))
      expect((await store.get({ id: row!.job.id }))?.queue).toBe('kp')
      expect(await store.queues()).toEqual(['kp'])
      expect(await admin.exists(`${outer}:inner:job:${row!.job.id}`)).toBe(1)
      expect(await store.claim({ workerId: 'w', limit: 5, leaseMs: 1_000, now: T0 })).toHaveLength(1)
    })

    it('keeps the jobs of different prefixes apart', async () => {
      const { store: a } = freshStore()
      const { store: b } = freshStore()
      await a.insert({ jobs: [newJob({ queue: 'only-a' })] })
      expect((await b.list({})).jobs).toEqual([])
      expect(await b.queues()).toEqual([])
      expect(await b.claim({ workerId: 'w', limit: 10, leaseMs: 1_000 })).toEqual([])
      expect(await a.queues()).toEqual(['only-a'])
    })

    it('rejects jobs and parameters it could not store or order with typed errors', async () => {
      const { store } = freshStore()
      for (const bad of [{ runAt: new Date(Number.NaN) }, { priority: 1.5 }, { priority: 2 ** 60 }, { maxAttempts: 0 }, { name: '' }, { queue: '' }, { timeoutMs: -1 }]) {
        await expect(store.insert({ jobs: [newJob(bad)] })).rejects.toThrow(TypeError)
      }
      await expect(store.claim({ workerId: 'w', limit: -1, leaseMs: 1_000 })).rejects.toThrow(RangeError)
      await expect(store.claim({ workerId: 'w', limit: 1, leaseMs: 1.5 })).rejects.toThrow(RangeError)
      await expect(store.list({ cursor: 'abc' })).rejects.toThrow(RangeError)
      await expect(store.list({ limit: 0 })).rejects.toThrow(RangeError)
      await expect(store.prune({ olderThan: T0, states: ['ready' as never] })).rejects.toThrow(RangeError)
      expect(await store.get({ id: '../../etc' })).toBeNull()
      expect(await store.cancel({ id: 'x y', now: T0 })).toBeNull()
      expect(await store.settle({ outcomes: [{ type: 'complete', lease: { id: '*', token: 't' }, result: 1 }] })).toEqual([{ id: '*', ok: false }])
      expect((await store.list({})).jobs).toEqual([])
    })

    it('uses its clock option when a call passes no now', async () => {
      let now = T0
      const { store } = freshStore({ clock: () => now })
      const [row] = await store.insert({ jobs: [newJob({ runAt: at(5_000) })] })
      expect(row?.job).toMatchObject({ state: 'scheduled', createdAt: T0 })
      expect(await store.claim({ workerId: 'w', limit: 1, leaseMs: 1_000 })).toEqual([])
      now = at(5_000)
      expect(await store.claim({ workerId: 'w', limit: 1, leaseMs: 1_000 })).toMatchObject([{ lockedUntil: at(6_000) }])
    })

    it('does not hand out a job promoted by a later claim to a claim at an earlier now', async () => {
      const { store } = freshStore()
      const [later, due] = await store.insert({ jobs: [newJob({ runAt: at(10_000), priority: 900 }), newJob({ runAt: T0, priority: 100 })], now: T0 })
      expect(await store.claim({ workerId: 'w', limit: 1, leaseMs: 1_000, queues: ['none'], now: at(20_000) })).toEqual([])
      // The claim above promoted nothing of 'default'; this one promotes `later` at 20 s ...
      const [first] = await store.claim({ workerId: 'w', limit: 1, leaseMs: 1_000, now: at(20_000) })
      expect(first?.id).toBe(later?.job.id)
      await store.settle({ outcomes: [{ type: 'retry', lease: first!.lease, error: 'x', runAt: at(15_000) }], now: at(20_000) })
      // ... and the retry sits in the ready set (due at 20 s), yet a claim at 5 s must not take it.
      expect((await store.claim({ workerId: 'w', limit: 10, leaseMs: 1_000, now: at(5_000) })).map((j) => j.id)).toEqual([due?.job.id])
      expect((await store.claim({ workerId: 'w', limit: 10, leaseMs: 1_000, now: at(15_000) })).map((j) => j.id)).toEqual([later?.job.id])
    })

    it('merges several queues by priority, then runAt, then id in one claim', async () => {
      const { store } = freshStore()
      const spec = [
        { queue: 'a', priority: 5, runAt: at(-10) },
        { queue: 'b', priority: 5, runAt: at(-20) },
        { queue: 'c', priority: 9 },
        { queue: 'a', priority: 1 },
        { queue: 'b', priority: 5, runAt: at(-20) },
        { queue: 'c', priority: 1, runAt: at(-30) },
      ]
      const rows = await store.insert({ jobs: spec.map((s) => newJob({ runAt: T0, ...s })), now: T0 })
      const id = (i: number): string => rows[i]!.job.id
      const claimed = await store.claim({ workerId: 'w', limit: 4, leaseMs: 1_000, queues: ['a', 'b', 'c', 'a'], now: T0 })
      expect(claimed.map((j) => j.id)).toEqual([id(2), id(1), id(4), id(0)])
      expect((await store.claim({ workerId: 'w', limit: 4, leaseMs: 1_000, queues: ['c', 'a'], now: T0 })).map((j) => j.id)).toEqual([id(5), id(3)])
    })

    it('inserts a batch larger than one script call with increasing ids and exact counts', async () => {
      const { store } = freshStore()
      const rows = await store.insert({ jobs: Array.from({ length: 4_500 }, (_, i) => newJob({ runAt: T0, uniqueKey: i === 4_499 ? 'u0' : `u${i}` })), now: T0 })
      expect(rows.filter((r) => r.duplicate).map((r) => r.job.id)).toEqual([rows[0]!.job.id])
      const fresh = rows.filter((r) => !r.duplicate).map((r) => Number(r.job.id))
      expect(fresh.every((id, i) => i === 0 || id > fresh[i - 1]!)).toBe(true)
      expect((await store.counts({ now: T0 })).ready).toBe(4_499)
    })

    it('leaves no job keys behind once every job is pruned or removed', async () => {
      const { store, prefix } = freshStore()
      await store.insert({ jobs: [newJob({ groupKey: 'g' }), newJob({ groupKey: 'g', uniqueKey: 'u' }), newJob({ runAt: at(60_000) }), newJob({ uniqueKey: 'v' })], now: T0 })
      const claimed = await store.claim({ workerId: 'w', limit: 10, leaseMs: 1_000, now: T0 })
      await store.settle({ outcomes: claimed.map((job) => ({ type: 'complete' as const, lease: job.lease, result: 1 })), now: T0 })
      for (const job of (await store.list({ limit: 100 })).jobs) {
        if (job.state !== 'completed') await store.remove({ id: job.id, now: T0 })
      }
      expect(await store.prune({ olderThan: at(1) })).toBe(2)
      expect(await store.queues()).toEqual([])
      const left: string[] = []
      let cursor = '0'
      do {
        const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
        cursor = next
        left.push(...keys)
      } while (cursor !== '0')
      // Only the id counter and zeroed per-queue state counters may stay.
      expect(left.filter((key) => key !== `${prefix}:id` && !key.endsWith(':counts')).sort()).toEqual([])
    })

    it('loads a script the server does not know yet (NOSCRIPT) and runs it', async () => {
      const script = new Script(`--[[ Input: KEYS[1] prefix; ARGV[1] a nonce ]]\nreturn ARGV[1] .. '${Math.random()}'`)
      const client = new Redis(REDIS_URL)
      closers.push(() => client.quit())
      const first = await script.run(client, testPrefix(), ['x'])
      expect(await script.run(client, testPrefix(), ['x'])).toBe(first)
      expect(String(first).startsWith('x')).toBe(true)
    })
  })
})

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
