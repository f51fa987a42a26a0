import { expect } from 'vitest'
import type { NewJob } from '../../job/job.js'
import { add, addAll, at, ids, mustGet, T0, type DefineCase } from '../context.js'
import { newJob } from '../new-job.js'

const PAYLOAD = {
  text: 'Příliš žluťoučký kůň úpěl ďábelské ódy — 日本語 🐎',
  escapes: 'quote " backslash \\ newline \n tab \t',
  nested: { list: [1, 2.5, -3, 0, true, false, null, 'x'], deep: { a: { b: { c: [] } } }, empty: {} },
  big: 9_007_199_254_740_991,
}

export function insertCases(it: DefineCase): void {
  it('inserts a job with every field stored and returned as given', async ({ store }) => {
    const input: NewJob = {
      name: 'email.send',
      queue: 'emails',
      payload: PAYLOAD,
      priority: 812,
      runAt: at(-5_678),
      maxAttempts: 7,
      backoff: { type: 'exponential', baseMs: 1_500, maxMs: 960_000, jitter: false },
      timeoutMs: 12_345,
      groupKey: 'invoice-42',
      uniqueKey: 'send-42',
    }
    const [inserted] = await store.insert({ jobs: [input], now: at(-1) })
    expect(inserted?.duplicate).toBe(false)
    const expected = {
      ...input,
      state: 'ready',
      attempts: 0,
      result: null,
      lastError: null,
      progress: null,
      lockedBy: null,
      lockedUntil: null,
      createdAt: at(-1),
      startedAt: null,
      finishedAt: null,
      stats: null,
    }
    expect(inserted?.job).toEqual({ id: expect.any(String), ...expected })
    expect(await mustGet(store, inserted?.job.id ?? '')).toEqual({ id: inserted?.job.id, ...expected })
  })

  it('stores any JSON value as payload and applies a fixed backoff and no timeout', async ({ store }) => {
    const payloads: unknown[] = [[1, 'two', { three: 3 }], 'just a string', 42, null, true, PAYLOAD]
    const jobs = await addAll(store, payloads.map((payload) => ({ payload, backoff: { type: 'fixed', delayMs: 250 }, timeoutMs: null })))
    for (const [i, job] of jobs.entries()) {
      const stored = await mustGet(store, job.id)
      expect(stored.payload).toEqual(payloads[i])
      expect(stored.backoff).toEqual({ type: 'fixed', delayMs: 250 })
      expect(stored.timeoutMs).toBeNull()
      expect(stored.groupKey).toBeNull()
      expect(stored.uniqueKey).toBeNull()
    }
  })

  it('returns copies that a caller cannot change behind the store', async ({ store }) => {
    const job = await add(store, { payload: { n: 1, list: [1] } })
    ;(job.payload as { n: number }).n = 2
    job.runAt.setTime(0)
    const read = await mustGet(store, job.id)
    ;(read.payload as { list: number[] }).list.push(2)
    read.state = 'completed'
    const again = await mustGet(store, job.id)
    expect(again.payload).toEqual({ n: 1, list: [1] })
    expect(again.runAt).toEqual(T0)
    expect(again.state).toBe('ready')
  })

  it('returns the input payloads themselves with reusePayloads, storing copies and the holder for a duplicate', async ({ store }) => {
    const held = await add(store, { uniqueKey: 'reuse-1', payload: { held: true } })
    const payloads: { n: number; list?: number[] }[] = [{ n: 1, list: [1] }, { n: 2 }, { n: 3 }]
    const jobs = [newJob({ payload: payloads[0], runAt: T0 }), newJob({ payload: payloads[1], uniqueKey: 'reuse-1', runAt: T0 }), newJob({ payload: payloads[2], runAt: T0 })]
    const results = await store.insert({ jobs, now: T0, reusePayloads: true })
    expect(results.map((r) => r.duplicate)).toEqual([false, true, false])
    expect(results[0]?.job.payload).toBe(payloads[0])
    expect(results[2]?.job.payload).toBe(payloads[2])
    expect(results[1]?.job).toMatchObject({ id: held.id, payload: { held: true } })
    payloads[0]?.list?.push(2)
    expect((await mustGet(store, results[0]?.job.id ?? '')).payload).toEqual({ n: 1, list: [1] })
    expect(await mustGet(store, results[2]?.job.id ?? '')).toEqual(results[2]?.job)
  })

  it('inserts a batch in input order with increasing ids', async ({ store }) => {
    const results = await store.insert({ jobs: Array.from({ length: 50 }, (_, i) => newJob({ name: `job-${i}`, runAt: T0 })), now: T0 })
    expect(results.map((r) => r.job.name)).toEqual(Array.from({ length: 50 }, (_, i) => `job-${i}`))
    expect(results.every((r) => !r.duplicate)).toBe(true)
    const numeric = results.map((r) => BigInt(r.job.id))
    for (let i = 1; i < numeric.length; i++) expect(numeric[i]! > numeric[i - 1]!).toBe(true)
    const listed = await store.list({ limit: 100 })
    expect(ids(listed.jobs).sort()).toEqual(ids(results.map((r) => r.job)).sort())
  })

  it('gives the jobs of a batch inserted after the newest job was removed ids of their own, each naming its job', async ({ store }) => {
    const first = await store.insert({ jobs: [1, 2, 3].map((i) => newJob({ name: 'before', payload: i, runAt: T0 })), now: T0 })
    const newest = first[2]!.job
    expect(await store.remove({ id: newest.id })).toBe(true)
    const one = await store.insert({ jobs: [newJob({ name: 'one', payload: 'one', runAt: T0 })], now: T0 })
    const batch = await store.insert({ jobs: [10, 11, 12, 13].map((i) => newJob({ name: 'after', payload: i, runAt: T0 })), now: T0 })
    const added = [...one, ...batch].map((r) => r.job)
    expect(new Set(added.map((job) => job.id)).size).toBe(5)
    expect(added.map((job) => job.id)).not.toContain(newest.id)
    for (const job of added) expect(await mustGet(store, job.id)).toMatchObject({ id: job.id, name: job.name, payload: job.payload })
  })

  it('inserts a batch whose jobs differ only in payload (one addMany call) with every field stored', async ({ store }) => {
    const payloads: unknown[] = [null, 0, 'text "quoted" \\ \n', [1, 'two', { three: 3 }], true, PAYLOAD, {}, -1.5]
    const backoff = { type: 'fixed', delayMs: 250 } as const
    const shared = { name: 'uniform', queue: 'bulk', priority: 7, runAt: at(60_000), maxAttempts: 4, backoff, timeoutMs: 500, groupKey: 'g-1' }
    const jobs = Array.from({ length: 40 }, (_, i) => newJob({ ...shared, payload: payloads[i % payloads.length] }))
    const results = await store.insert({ jobs, now: T0 })
    expect(results.map((r) => r.job.payload)).toEqual(jobs.map((j) => j.payload))
    const numeric = results.map((r) => BigInt(r.job.id))
    for (let i = 1; i < numeric.length; i++) expect(numeric[i]! > numeric[i - 1]!).toBe(true)
    for (const [i, { job, duplicate }] of results.entries()) {
      expect(duplicate).toBe(false)
      const expected = { ...shared, payload: payloads[i % payloads.length], uniqueKey: null, state: 'scheduled', attempts: 0, createdAt: T0, result: null, stats: null }
      expect(job).toMatchObject(expected)
      expect(await mustGet(store, job.id)).toEqual(job)
    }
  })

  it('gives every job of batches larger than one statement, inserted side by side, the id that names it', async ({ store }) => {
    // 1,234 jobs span several multi-row statements of any store; two such batches at once would
    // expose ids taken for consecutive that are not (MySQL's LAST_INSERT_ID() and its step).
    const batch = (tag: string) => Array.from({ length: 1_234 }, (_, i) => newJob({ name: `big-${tag}`, payload: { tag, i }, runAt: T0 }))
    const [a, b] = await Promise.all([store.insert({ jobs: batch('a'), now: T0 }), store.insert({ jobs: batch('b'), now: T0 })])
    const added = [...a!, ...b!].map((r) => r.job)
    expect(new Set(added.map((job) => job.id)).size).toBe(2 * 1_234)
    for (const [tag, results] of [['a', a!], ['b', b!]] as const) {
      expect(results.map((r) => r.job.payload)).toEqual(Array.from({ length: 1_234 }, (_, i) => ({ tag, i })))
    }
    for (let k = 0; k < added.length; k += 50) {
      await Promise.all(added.slice(k, k + 50).map(async (job) => expect(await mustGet(store, job.id)).toMatchObject({ id: job.id, name: job.name, payload: job.payload })))
    }
  })

  it('inserts an empty batch as a no-op', async ({ store }) => {
    expect(await store.insert({ jobs: [], now: T0 })).toEqual([])
    expect((await store.list({})).jobs).toEqual([])
  })

  it('marks a job with a future runAt scheduled and a due one ready', async ({ store }) => {
    const [future, now, past] = await addAll(store, [{ runAt: at(1) }, { runAt: T0 }, { runAt: at(-60_000) }])
    expect(future?.state).toBe('scheduled')
    expect(now?.state).toBe('ready')
    expect(past?.state).toBe('ready')
    expect((await mustGet(store, future?.id ?? '')).state).toBe('scheduled')
  })
}
