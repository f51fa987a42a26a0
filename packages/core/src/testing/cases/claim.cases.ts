import { expect } from 'vitest'
import { JOB_DEFAULTS } from '../../job/job.js'
import type { Outcome } from '../../store/port.js'
import { add, addAll, at, claim, CLAIM_AT, ids, LEASE_MS, mustGet, seededRandom, T0, type DefineCase } from '../context.js'

export function claimCases(it: DefineCase): void {
  it('claims the highest priority first, then the earliest runAt, then insertion order', async ({ store }) => {
    const jobs = await addAll(store, [
      { name: 'low', priority: 100 },
      { name: 'mid-late', priority: 500, runAt: at(-100) },
      { name: 'mid-early-1', priority: 500, runAt: at(-900) },
      { name: 'high', priority: 900, runAt: T0 },
      { name: 'mid-early-2', priority: 500, runAt: at(-900) },
      { name: 'negative', priority: -5 },
    ])
    const claimed = await claim(store, { limit: 10 })
    expect(claimed.map((j) => j.name)).toEqual(['high', 'mid-early-1', 'mid-early-2', 'mid-late', 'low', 'negative'])
    expect(new Set(ids(claimed))).toEqual(new Set(ids(jobs)))
  })

  it('claims in the same order across batches of one', async ({ store }) => {
    await addAll(store, [{ name: 'c', priority: 1 }, { name: 'a', priority: 3 }, { name: 'b', priority: 2 }])
    const names: string[] = []
    for (let i = 0; i < 3; i++) names.push(...(await claim(store, { limit: 1 })).map((j) => j.name))
    expect(names).toEqual(['a', 'b', 'c'])
  })

  it('leases no more than limit jobs per claim', async ({ store }) => {
    // Ascending priorities, so every job inserted later outranks the ones before it.
    await addAll(store, [1, 2, 3, 4, 5].map((priority) => ({ priority })))
    expect(await claim(store, { limit: 2 })).toHaveLength(2)
    expect(await claim(store, { limit: 2 })).toHaveLength(2)
    expect(await claim(store, { limit: 2 })).toHaveLength(1)
    expect(await claim(store, { limit: 2 })).toHaveLength(0)
  })

  it('returns nothing when no job is due', async ({ store }) => {
    expect(await claim(store)).toEqual([])
    await add(store, { runAt: at(60_000) })
    expect(await claim(store)).toEqual([])
  })

  it('claims only from the given queues, and from all when none are given', async ({ store }) => {
    const [a, , c] = await addAll(store, [{ queue: 'a' }, { queue: 'b' }, { queue: 'c' }, { queue: 'b' }])
    expect(ids(await claim(store, { queues: ['a', 'c', 'unknown'] })).sort()).toEqual([a?.id, c?.id].sort())
    expect(await claim(store, { queues: ['x'] })).toEqual([])
    expect((await claim(store, { queues: [] })).map((j) => j.queue)).toEqual(['b', 'b'])
  })

  it('orders a claim over several queues by priority, runAt and insertion across all of them', async ({ store }) => {
    await addAll(store, [
      { name: 'b-500-late', queue: 'b', priority: 500, runAt: at(-100) },
      { name: 'a-100', queue: 'a', priority: 100 },
      { name: 'c-900', queue: 'c', priority: 900 },
      { name: 'a-500-early', queue: 'a', priority: 500, runAt: at(-900) },
      { name: 'b-500-early', queue: 'b', priority: 500, runAt: at(-900) },
      { name: 'c-100', queue: 'c', priority: 100 },
      { name: 'd-999', queue: 'd', priority: 999 },
    ])
    const twoQueues = await claim(store, { queues: ['b', 'a'], limit: 3 })
    expect(twoQueues.map((j) => j.name)).toEqual(['a-500-early', 'b-500-early', 'b-500-late'])
    const everyQueue = await claim(store, { limit: 3 })
    expect(everyQueue.map((j) => j.name)).toEqual(['d-999', 'c-900', 'a-100'])
    expect((await claim(store, { limit: 10 })).map((j) => j.name)).toEqual(['c-100'])
  })

  it('keeps claim order over many queues, listed or not', async ({ store }) => {
    // 600 queues (more than SQLite's 500 terms of a compound select), one job each; priority
    // rises with the queue number, so the order is known.
    const queues = Array.from({ length: 600 }, (_, i) => `q${String(i).padStart(3, '0')}`)
    await addAll(store, queues.map((queue, i) => ({ name: queue, queue, priority: i })))
    const best = (await claim(store, { limit: 5 })).map((j) => j.name)
    expect(best).toEqual(['q599', 'q598', 'q597', 'q596', 'q595'])
    const listed = (await claim(store, { queues: queues.slice(0, 100), limit: 3 })).map((j) => j.name)
    expect(listed).toEqual(['q099', 'q098', 'q097'])
    const few = (await claim(store, { queues: ['q007', 'q003', 'q005'], limit: 2 })).map((j) => j.name)
    expect(few).toEqual(['q007', 'q005'])
    expect(await claim(store, { limit: 1000 })).toHaveLength(590)
  })

  it('honours a priority range with only a minimum, inclusive', async ({ store }) => {
    await addAll(store, [10, 19, 20, 25, 40, 900].map((priority) => ({ priority })))
    expect((await claim(store, { priority: { min: 20 } })).map((j) => j.priority)).toEqual([900, 40, 25, 20])
  })

  it('honours a priority range with only a maximum, inclusive', async ({ store }) => {
    await addAll(store, [10, 19, 20, 25, 40, 900].map((priority) => ({ priority })))
    expect((await claim(store, { priority: { max: 20 } })).map((j) => j.priority)).toEqual([20, 19, 10])
  })

  it('honours a priority range with both bounds, inclusive', async ({ store }) => {
    await addAll(store, [10, 19, 20, 25, 40, 41, 900].map((priority) => ({ priority })))
    expect((await claim(store, { priority: { min: 20, max: 40 } })).map((j) => j.priority)).toEqual([40, 25, 20])
    expect((await claim(store, { priority: { min: 900, max: 900 } })).map((j) => j.priority)).toEqual([900])
    expect((await claim(store, {})).map((j) => j.priority)).toEqual([41, 19, 10])
  })

  it('does not claim a delayed job before its runAt and claims it from then on', async ({ store }) => {
    const job = await add(store, { runAt: at(60_000) })
    expect(await claim(store, { now: at(59_999) })).toEqual([])
    expect((await mustGet(store, job.id)).state).toBe('scheduled')
    expect(ids(await claim(store, { now: at(60_000) }))).toEqual([job.id])
  })

  it('orders jobs that became due by runAt together with ready ones', async ({ store }) => {
    const [ready, later, sooner] = await addAll(store, [{ runAt: at(-10) }, { runAt: at(500) }, { runAt: at(200) }])
    expect([ready?.state, later?.state, sooner?.state]).toEqual(['ready', 'scheduled', 'scheduled'])
    expect(ids(await claim(store, { now: at(600) }))).toEqual([ready?.id, sooner?.id, later?.id])
  })

  it('leases a claimed job: attempts incremented, lockedBy, lockedUntil and startedAt set', async ({ store }) => {
    const job = await add(store)
    const [leased] = await claim(store, { workerId: 'worker-7', leaseMs: 12_345 })
    expect(leased).toMatchObject({ id: job.id, state: 'active', attempts: 1, lockedBy: 'worker-7', startedAt: CLAIM_AT })
    expect(leased?.lockedUntil).toEqual(at(1_000 + 12_345))
    expect(leased?.lease.id).toBe(job.id)
    expect(typeof leased?.lease.token).toBe('string')
    expect(leased?.lease.token.length).toBeGreaterThanOrEqual(16)
    const stored = await mustGet(store, job.id)
    expect(stored).toMatchObject({ state: 'active', attempts: 1, lockedBy: 'worker-7', lockedUntil: at(13_345), startedAt: CLAIM_AT })
    expect(stored).not.toHaveProperty('lease')
  })

  it('returns each claimed job as stored, whether it claimed one queue, several or all', async ({ store }) => {
    const custom = { type: 'exponential', baseMs: 250, maxMs: 5_000, jitter: false } as const
    await addAll(store, [
      { queue: 'q-one', name: 'a', backoff: JOB_DEFAULTS.backoff, payload: { n: 1 } },
      { queue: 'q-one', name: 'b', backoff: custom, payload: { n: 2 }, timeoutMs: 900 },
      { queue: 'q-two', name: 'c', backoff: JOB_DEFAULTS.backoff, payload: null, groupKey: 'g' },
      { queue: 'q-three', name: 'd', backoff: custom, payload: 'x', uniqueKey: 'k' },
    ])
    const one = await claim(store, { queues: ['q-one'] })
    const several = await claim(store, { queues: ['q-two', 'q-three'], limit: 1 })
    const all = await claim(store)
    expect([one, several, all].map((jobs) => jobs.map((job) => job.name))).toEqual([['a', 'b'], ['c'], ['d']])
    for (const { lease, ...job } of [...one, ...several, ...all]) {
      expect(lease.id).toBe(job.id)
      expect(job).toEqual(await mustGet(store, job.id))
    }
    expect(one.map((job) => job.backoff)).toEqual([JOB_DEFAULTS.backoff, custom])
  })

  it('returns a job claimed again as stored: its attempts, last error, progress and stats from the run before', async ({ store }) => {
    const stats = { pid: 42, host: 'box "one"', durationMs: 12.5, memoryBefore: { rss: 1_000, heapUsed: 500 }, memoryAfter: { rss: 2_000, heapUsed: 700 } }
    await addAll(store, [
      { name: 'plain', maxAttempts: 3 },
      { name: 'again', maxAttempts: 4, payload: { deep: [1, 'two'] } },
    ])
    const first = await claim(store)
    const again = first.find((job) => job.name === 'again')
    expect(await store.progress({ lease: again!.lease, progress: { done: 3, of: 7 } })).toBe(true)
    await store.settle({ outcomes: [{ type: 'retry', lease: again!.lease, error: "it's \"broken\"\n", runAt: at(2_000), stats }], now: CLAIM_AT })
    const [second] = await claim(store, { now: at(3_000) })
    expect(second).toMatchObject({ name: 'again', attempts: 2, maxAttempts: 4, lastError: "it's \"broken\"\n", progress: { done: 3, of: 7 }, stats })
    const { lease, ...job } = second!
    expect(job).toEqual(await mustGet(store, job.id))
    expect(first.find((j) => j.name === 'plain')).toMatchObject({ maxAttempts: 3, lastError: null, progress: null, stats: null })
  })

  it('claims up to the limit past cancelled and removed jobs that stood first in claim order', async ({ store }) => {
    const jobs = await addAll(store, Array.from({ length: 30 }, (_, i) => ({ name: `j${i}` })))
    for (const job of jobs.slice(0, 20)) await store.cancel({ id: job.id, now: CLAIM_AT })
    for (const job of jobs.slice(20, 25)) await store.remove({ id: job.id })
    expect((await claim(store, { limit: 1 })).map((j) => j.name)).toEqual(['j25'])
    expect((await claim(store, { limit: 3 })).map((j) => j.name)).toEqual(['j26', 'j27', 'j28'])
    expect((await claim(store, { limit: 3 })).map((j) => j.name)).toEqual(['j29'])
  })

  it('claims a job retried by hand exactly once, however often it was cancelled and retried before', async ({ store }) => {
    const job = await add(store)
    for (let i = 0; i < 3; i++) {
      await store.cancel({ id: job.id, now: at(100 + i) })
      await store.retry({ id: job.id, now: at(200 + i) })
    }
    expect(ids(await claim(store))).toEqual([job.id])
    expect(await claim(store, { now: at(2_000) })).toEqual([])
  })

  it('gives every claim a fresh fencing token', async ({ store }) => {
    await add(store)
    const [first] = await claim(store)
    await store.settle({ outcomes: [{ type: 'release', lease: first!.lease }], now: CLAIM_AT })
    const [second] = await claim(store, { now: at(2_000), leaseMs: LEASE_MS })
    expect(second?.id).toBe(first?.id)
    expect(second?.lease.token).not.toBe(first?.lease.token)
    expect(second?.startedAt).toEqual(at(2_000))
  })
  it('agrees with a plain model over a long mixed run: queues, priorities, groups, delays, retries and releases', async ({ store }) => {
    // The model is the rule written out: due, in the queues and priority range, a group's oldest
    // unfinished job with nothing of the group active; priority DESC, runAt, id. A store that keeps
    // an index of claimable jobs must never lose a job its walk passed over.
    const random = seededRandom(7)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
    const queues = ['q0', 'q1', 'q2']
    const inputs = Array.from({ length: 240 }, (_, i) => ({
      name: `j${i}`,
      queue: pick(queues),
      priority: pick([0, 5, 9]),
      runAt: random() < 0.15 ? at(1_000 + Math.floor(random() * 2_000)) : at(-Math.floor(random() * 50)),
      groupKey: random() < 0.2 ? pick(['g1', 'g2', 'g3', 'g4']) : null,
    }))
    const model = new Map<string, { queue: string; priority: number; runAt: number; groupKey: string | null; state: 'waiting' | 'active' | 'done' }>()
    for (const job of await addAll(store, inputs)) {
      model.set(job.id, { queue: job.queue, priority: job.priority, runAt: job.runAt.getTime(), groupKey: job.groupKey, state: 'waiting' })
    }
    const expected = (now: number, limit: number, read: readonly string[] | undefined, min: number | undefined): string[] => {
      const blocked = new Set<string>()
      const heads = new Map<string, number>()
      for (const [id, job] of model) {
        if (job.groupKey === null || job.state === 'done') continue
        if (job.state === 'active') blocked.add(job.groupKey)
        heads.set(job.groupKey, Math.min(heads.get(job.groupKey) ?? Number.POSITIVE_INFINITY, Number(id)))
      }
      return [...model]
        .filter(([, job]) => job.state === 'waiting' && job.runAt <= at(now).getTime() && (read === undefined || read.includes(job.queue)) && (min === undefined || job.priority >= min))
        .filter(([id, job]) => job.groupKey === null || (!blocked.has(job.groupKey) && heads.get(job.groupKey) === Number(id)))
        .sort(([a, x], [b, y]) => y.priority - x.priority || x.runAt - y.runAt || Number(a) - Number(b))
        .slice(0, limit)
        .map(([id]) => id)
    }
    let active: Awaited<ReturnType<typeof claim>> = []
    for (let round = 0; round < 400 && [...model.values()].some((job) => job.state !== 'done'); round++) {
      const now = 1_000 + round * 20
      const limit = 1 + Math.floor(random() * 9)
      const subset = queues.filter(() => random() < 0.6)
      // An empty list reads every queue, as no list does.
      const read = random() < 0.4 || subset.length === 0 ? undefined : subset
      const min = random() < 0.2 ? 5 : undefined
      const want = expected(now, limit, read, min)
      const claimed = await claim(store, { now: at(now), limit, queues: read, ...(min === undefined ? {} : { priority: { min } }) })
      expect(ids(claimed), `round ${round}`).toEqual(want)
      for (const job of claimed) (model.get(job.id) as { state: string }).state = 'active'
      active.push(...claimed)
      // Settle about half of what is active, in a random mix of outcomes; the rest stays leased a while.
      const settling = active.filter(() => random() < 0.5)
      active = active.filter((job) => !settling.includes(job))
      const outcomes: Outcome[] = settling.map((job) => {
        const roll = random()
        const entry = model.get(job.id) as { runAt: number; state: string }
        if (roll < 0.12) {
          const runAt = at(now + 100 + Math.floor(random() * 200))
          entry.runAt = runAt.getTime()
          entry.state = 'waiting'
          return { type: 'retry', lease: job.lease, error: 'again', runAt }
        }
        if (roll < 0.18) {
          entry.state = 'waiting'
          return { type: 'release', lease: job.lease }
        }
        entry.state = 'done'
        return { type: 'complete', lease: job.lease, result: null }
      })
      if (outcomes.length > 0) expect((await store.settle({ outcomes, now: at(now) })).every((r) => r.ok)).toBe(true)
    }
    expect([...model.values()].filter((job) => job.state === 'waiting')).toEqual([])
  })
}
