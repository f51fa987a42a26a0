import { newJob } from '@queue/core/testing'
import type { JobStore } from '@queue/core'
import { Redis } from 'ioredis'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { dropPrefix, REDIS_URL, testPrefix, withRedis } from '../../test/support.js'
import { redisStore } from '../index.js'

const T0 = new Date('2031-05-05T10:00:00.000Z')
const at = (ms: number): Date => new Date(T0.getTime() + ms)

/** Serial-group bookkeeping the conformance suite does not reach: only a group's oldest job is placed. */
await withRedis(() => {
  const admin = new Redis(REDIS_URL)
  let opened: { store: JobStore; prefix: string }[] = []
  afterAll(() => admin.quit())
  afterEach(async () => {
    const done = opened
    opened = []
    for (const { store, prefix } of done) {
      await store.close()
      await dropPrefix(admin, prefix)
    }
  })

  function fresh(): JobStore {
    const prefix = testPrefix()
    const store = redisStore({ url: REDIS_URL }, { prefix })
    opened.push({ store, prefix })
    return store
  }
  async function addGroup(store: JobStore, specs: Parameters<typeof newJob>[0][]): Promise<string[]> {
    const rows = await store.insert({ jobs: specs.map((s) => newJob({ runAt: T0, groupKey: 'g', ...s })), now: T0 })
    return rows.map((r) => r.job.id)
  }
  const claimIds = async (store: JobStore, now = T0, extra: object = {}): Promise<string[]> =>
    (await store.claim({ workerId: 'w', limit: 10, leaseMs: 1_000, now, ...extra })).map((j) => j.id)

  describe('serial groups on redisStore', () => {
    it('hands out the next job once the waiting head is cancelled or removed', async () => {
      const store = fresh()
      const [a, b, c] = await addGroup(store, [{}, {}, {}])
      await store.cancel({ id: a!, now: T0 })
      await store.remove({ id: b!, now: T0 })
      expect(await claimIds(store)).toEqual([c])
    })

    it('hands out the next job once a scheduled head is cancelled', async () => {
      const store = fresh()
      const [a, b] = await addGroup(store, [{ runAt: at(60_000) }, {}])
      expect(await claimIds(store)).toEqual([])
      await store.cancel({ id: a!, now: T0 })
      expect(await claimIds(store)).toEqual([b])
    })

    it('keeps the group on its job after a reclaim, and moves on when the reclaim fails it', async () => {
      const store = fresh()
      const [a, b] = await addGroup(store, [{ maxAttempts: 2 }, {}])
      expect(await claimIds(store)).toEqual([a])
      expect(await store.reclaimExpired({ limit: 10, now: at(5_000) })).toBe(1)
      expect(await claimIds(store, at(5_000))).toEqual([a])
      expect(await store.reclaimExpired({ limit: 10, now: at(10_000) })).toBe(1)
      expect((await store.get({ id: a! }))?.state).toBe('failed')
      expect(await claimIds(store, at(10_000))).toEqual([b])
    })

    it('removes an active group job and frees the group', async () => {
      const store = fresh()
      const [a, b] = await addGroup(store, [{}, {}])
      const [leased] = await store.claim({ workerId: 'w', limit: 10, leaseMs: 1_000, now: T0 })
      expect(leased?.id).toBe(a)
      expect(await store.remove({ id: a!, now: T0 })).toBe(true)
      expect(await claimIds(store)).toEqual([b])
      expect(await store.settle({ outcomes: [{ type: 'complete', lease: leased!.lease, result: 1 }], now: T0 })).toEqual([{ id: a, ok: false }])
    })

    it('leaves a group behind its head when the head is outside the claimed priority range', async () => {
      const store = fresh()
      const [low, high] = await addGroup(store, [{ priority: 10 }, { priority: 900 }])
      expect(await claimIds(store, T0, { priority: { min: 500 } })).toEqual([])
      expect(await claimIds(store, T0, { priority: { max: 500 } })).toEqual([low])
      const [leased] = await store.list({ state: 'active' }).then((page) => page.jobs)
      expect(leased?.id).toBe(low)
      expect(high).toBeDefined()
    })

    it('puts a revived older job back at the head of an idle group', async () => {
      const store = fresh()
      const [a, b] = await addGroup(store, [{}, {}])
      await store.cancel({ id: a!, now: T0 })
      expect((await store.retry({ id: a!, now: T0 }))?.changed).toBe(true)
      // b was placed when a was cancelled; the revived a is older, so it goes first again.
      expect(await claimIds(store)).toEqual([a])
      const [leased] = await store.list({ state: 'active' }).then((page) => page.jobs)
      expect(leased?.id).toBe(a)
      expect(b).toBeDefined()
    })
  })
})
