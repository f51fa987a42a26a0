import { expect } from 'vitest'
import { addAll, addAndClaim, at, claim, CLAIM_AT, ids, mustGet, type DefineCase } from '../context.js'

export function leaseCases(it: DefineCase): void {
  it('renews only the leases still held and extends them from now', async ({ store }) => {
    await addAll(store, [{}, {}, {}])
    const [kept, cancelled, completed] = await claim(store)
    await store.cancel({ id: cancelled!.id, now: CLAIM_AT })
    await store.settle({ outcomes: [{ type: 'complete', lease: completed!.lease, result: null }], now: CLAIM_AT })
    const renewed = await store.renewLeases({
      leases: [kept!.lease, cancelled!.lease, completed!.lease, { id: kept!.id, token: 'not-the-token' }, { id: '999999', token: 'x' }],
      leaseMs: 60_000,
      now: at(20_000),
    })
    expect(renewed).toEqual([kept!.lease])
    expect((await mustGet(store, kept!.id)).lockedUntil).toEqual(at(80_000))
  })

  it('keeps a renewed lease from being reclaimed at its original expiry', async ({ store }) => {
    const leased = await addAndClaim(store)
    await store.renewLeases({ leases: [leased.lease], leaseMs: 30_000, now: at(25_000) })
    expect(await store.reclaimExpired({ limit: 10, now: at(40_000) })).toBe(0)
    expect((await mustGet(store, leased.id)).state).toBe('active')
    expect(await store.reclaimExpired({ limit: 10, now: at(55_001) })).toBe(1)
  })

  it('refuses to settle with a wrong token and changes nothing', async ({ store }) => {
    const leased = await addAndClaim(store)
    const before = await mustGet(store, leased.id)
    const forged = { id: leased.id, token: `${leased.lease.token}x` }
    const results = await store.settle({
      outcomes: [
        { type: 'complete', lease: forged, result: 'stolen' },
        { type: 'fail', lease: forged, error: 'x' },
        { type: 'retry', lease: forged, error: 'x', runAt: at(5_000) },
        { type: 'wait', lease: forged, runAt: at(5_000) },
        { type: 'release', lease: forged },
      ],
      now: CLAIM_AT,
    })
    expect(results).toEqual(Array.from({ length: 5 }, () => ({ id: leased.id, ok: false })))
    expect(await mustGet(store, leased.id)).toEqual(before)
    expect(await store.progress({ lease: forged, progress: 1 })).toBe(false)
  })

  it('refuses to settle an unknown job', async ({ store }) => {
    expect(await store.settle({ outcomes: [{ type: 'complete', lease: { id: '424242', token: 't' }, result: 1 }], now: CLAIM_AT })).toEqual([
      { id: '424242', ok: false },
    ])
  })

  it('refuses to settle after the lease was reclaimed, even once the job is leased again', async ({ store }) => {
    const first = await addAndClaim(store)
    expect(await store.reclaimExpired({ limit: 10, now: at(31_001) })).toBe(1)
    expect(await store.settle({ outcomes: [{ type: 'complete', lease: first.lease, result: 'late' }], now: at(31_001) })).toEqual([{ id: first.id, ok: false }])
    expect((await mustGet(store, first.id)).state).toBe('ready')
    const [second] = await claim(store, { workerId: 'w2', now: at(32_000) })
    expect(second?.id).toBe(first.id)
    const stale = await store.settle({ outcomes: [{ type: 'fail', lease: first.lease, error: 'late' }], now: at(32_000) })
    expect(stale).toEqual([{ id: first.id, ok: false }])
    expect(await mustGet(store, first.id)).toMatchObject({ state: 'active', lockedBy: 'w2', attempts: 2 })
    expect(await store.settle({ outcomes: [{ type: 'complete', lease: second!.lease, result: 'ok' }], now: at(33_000) })).toEqual([{ id: first.id, ok: true }])
    expect(await mustGet(store, first.id)).toMatchObject({ state: 'completed', result: 'ok' })
  })

  it('settles a batch naming one job under a stale and under its current lease: only the current one applies', async ({ store }) => {
    await addAll(store, [{}, {}])
    const [a1, b1] = await claim(store)
    expect(await store.reclaimExpired({ limit: 10, now: at(31_001) })).toBe(2)
    const [a2, b2] = await claim(store, { workerId: 'w2', now: at(32_000) })
    expect([a2?.id, b2?.id]).toEqual([a1?.id, b1?.id])
    // Stale first for one job, current first for the other.
    const results = await store.settle({
      outcomes: [
        { type: 'complete', lease: a1!.lease, result: 'stale' },
        { type: 'complete', lease: a2!.lease, result: 'current' },
        { type: 'complete', lease: b2!.lease, result: 'current' },
        { type: 'complete', lease: b1!.lease, result: 'stale' },
      ],
      now: at(33_000),
    })
    expect(results.map((r) => r.ok)).toEqual([false, true, true, false])
    for (const job of [a1!, b1!]) expect(await mustGet(store, job.id)).toMatchObject({ state: 'completed', result: 'current', finishedAt: at(33_000) })
  })

  it('settles a batch of completions of which one lease is stale, answering each in input order', async ({ store }) => {
    await addAll(store, [{}, {}, {}, {}])
    const leased = await claim(store)
    await store.cancel({ id: leased[1]!.id, now: at(1_500) })
    const results = await store.settle({
      outcomes: leased.map((job, i) => ({ type: 'complete' as const, lease: job.lease, result: i })),
      now: at(2_000),
    })
    expect(results).toEqual(leased.map((job, i) => ({ id: job.id, ok: i !== 1 })))
    expect((await mustGet(store, leased[1]!.id)).state).toBe('cancelled')
    expect(await mustGet(store, leased[3]!.id)).toMatchObject({ state: 'completed', result: 3 })
  })

  it('settles completions of one claim, a few claims and many claims in one batch, each fenced by its own lease', async ({ store }) => {
    // 1, 3 and 9 claims of 3 jobs each: a store that groups a batch by lock token (one per claim, as
    // the SQL stores hand out) takes each of its paths; the token itself is the store's business.
    for (const claims of [1, 3, 9]) {
      await addAll(store, Array.from({ length: claims * 3 }, () => ({})))
      const leased: Awaited<ReturnType<typeof claim>> = []
      for (let i = 0; i < claims; i++) leased.push(...(await claim(store, { limit: 3 })))
      expect(leased).toHaveLength(claims * 3)
      const stale = leased[1]!
      await store.cancel({ id: stale.id, now: at(1_500) })
      const results = await store.settle({
        outcomes: leased.map((job, i) => ({ type: 'complete' as const, lease: job.lease, result: i === 0 ? null : { n: i } })),
        now: at(2_000),
      })
      expect(results).toEqual(leased.map((job) => ({ id: job.id, ok: job.id !== stale.id })))
      expect(await mustGet(store, stale.id)).toMatchObject({ state: 'cancelled', result: null })
      expect(await mustGet(store, leased[0]!.id)).toMatchObject({ state: 'completed', result: null, finishedAt: at(2_000) })
      for (const [i, job] of leased.entries()) if (i > 1) expect(await mustGet(store, job.id)).toMatchObject({ state: 'completed', result: { n: i } })
    }
  })

  it('refuses to settle after the job was cancelled', async ({ store }) => {
    const leased = await addAndClaim(store)
    await store.cancel({ id: leased.id, now: at(2_000) })
    const results = await store.settle({ outcomes: [{ type: 'complete', lease: leased.lease, result: 1 }], now: at(3_000) })
    expect(results).toEqual([{ id: leased.id, ok: false }])
    expect(await mustGet(store, leased.id)).toMatchObject({ state: 'cancelled', result: null, finishedAt: at(2_000) })
  })

  it('refuses to settle the same lease twice', async ({ store }) => {
    const leased = await addAndClaim(store)
    expect(await store.settle({ outcomes: [{ type: 'complete', lease: leased.lease, result: 'first' }], now: at(2_000) })).toEqual([{ id: leased.id, ok: true }])
    expect(await store.settle({ outcomes: [{ type: 'fail', lease: leased.lease, error: 'second' }], now: at(3_000) })).toEqual([{ id: leased.id, ok: false }])
    expect(await mustGet(store, leased.id)).toMatchObject({ state: 'completed', result: 'first', lastError: null, finishedAt: at(2_000) })
  })

  it('refuses a completion of a lease already completed, settled again in one batch with the rest of its claim', async ({ store }) => {
    await addAll(store, [{}, {}, {}])
    const [a, b, c] = await claim(store)
    expect(await store.settle({ outcomes: [{ type: 'complete', lease: a!.lease, result: 'first' }], now: at(2_000) })).toEqual([{ id: a!.id, ok: true }])
    // The same millisecond as before: only the lease, not the time, tells the two completions of a apart.
    const results = await store.settle({ outcomes: [a!, b!, c!].map((job) => ({ type: 'complete' as const, lease: job.lease, result: 'second' })), now: at(2_000) })
    expect(results).toEqual([
      { id: a!.id, ok: false },
      { id: b!.id, ok: true },
      { id: c!.id, ok: true },
    ])
    expect(await mustGet(store, a!.id)).toMatchObject({ state: 'completed', result: 'first' })
  })

  it('stores progress while the lease is held and refuses it afterwards', async ({ store }) => {
    const leased = await addAndClaim(store)
    expect(await store.progress({ lease: leased.lease, progress: { percent: 50, step: 'résumé' } })).toBe(true)
    expect((await mustGet(store, leased.id)).progress).toEqual({ percent: 50, step: 'résumé' })
    expect(await store.progress({ lease: leased.lease, progress: 75 })).toBe(true)
    expect((await mustGet(store, leased.id)).progress).toBe(75)
    await store.settle({ outcomes: [{ type: 'complete', lease: leased.lease, result: null }], now: at(2_000) })
    expect(await store.progress({ lease: leased.lease, progress: 99 })).toBe(false)
    expect((await mustGet(store, leased.id)).progress).toBe(75)
  })

  it('reclaims an expired lease: the job is ready again with its attempt counted', async ({ store }) => {
    const leased = await addAndClaim(store)
    expect(await store.reclaimExpired({ limit: 10, now: at(30_999) })).toBe(0)
    expect(await store.reclaimExpired({ limit: 10, now: at(31_001) })).toBe(1)
    expect(await mustGet(store, leased.id)).toMatchObject({ state: 'ready', attempts: 1, lockedBy: null, lockedUntil: null, lastError: 'lease expired' })
    const [again] = await claim(store, { now: at(31_002) })
    expect(again).toMatchObject({ id: leased.id, attempts: 2 })
  })

  it('fails an expired job that has no attempt left', async ({ store }) => {
    const leased = await addAndClaim(store, { maxAttempts: 1 })
    expect(await store.reclaimExpired({ limit: 10, now: at(40_000) })).toBe(1)
    expect(await mustGet(store, leased.id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'lease expired',
      finishedAt: at(40_000),
      lockedBy: null,
      lockedUntil: null,
    })
    expect(await claim(store, { now: at(41_000) })).toEqual([])
  })

  it('leaves unexpired leases and non-active jobs alone when reclaiming', async ({ store }) => {
    const [short, long] = await addAll(store, [{}, {}])
    await claim(store, { limit: 1, leaseMs: 5_000 })
    await claim(store, { limit: 1, leaseMs: 60_000 })
    const ready = (await addAll(store, [{}]))[0]
    expect(await store.reclaimExpired({ limit: 10, now: at(10_000) })).toBe(1)
    expect((await mustGet(store, short!.id)).state).toBe('ready')
    expect((await mustGet(store, long!.id)).state).toBe('active')
    expect((await mustGet(store, ready!.id)).attempts).toBe(0)
  })

  it('still accepts a renewal and a settle on an expired lease nobody reclaimed yet', async ({ store }) => {
    const leased = await addAndClaim(store)
    expect(await store.renewLeases({ leases: [leased.lease], leaseMs: 1_000, now: at(40_000) })).toEqual([leased.lease])
    expect(await store.settle({ outcomes: [{ type: 'complete', lease: leased.lease, result: 'late but fine' }], now: at(45_000) })).toEqual([{ id: leased.id, ok: true }])
    expect(await mustGet(store, leased.id)).toMatchObject({ state: 'completed', result: 'late but fine' })
  })

  it('does not hand out an expired active job before it is reclaimed', async ({ store }) => {
    const leased = await addAndClaim(store)
    expect(await claim(store, { workerId: 'w2', now: at(100_000) })).toEqual([])
    await store.reclaimExpired({ limit: 10, now: at(100_000) })
    expect(await claim(store, { workerId: 'w2', now: at(100_000) })).toMatchObject([{ id: leased.id, lockedBy: 'w2' }])
  })

  it('reclaims the jobs of one claim one by one: each when its own lease lapses, none once settled', async ({ store }) => {
    await addAll(store, [{}, {}, {}, {}])
    const [lapsed, renewed, completed, released] = await claim(store)
    await store.settle({ outcomes: [{ type: 'complete', lease: completed!.lease, result: null }, { type: 'release', lease: released!.lease }], now: at(2_000) })
    await store.renewLeases({ leases: [renewed!.lease], leaseMs: 30_000, now: at(25_000) })
    expect(await store.reclaimExpired({ limit: 10, now: at(40_000) })).toBe(1)
    expect((await mustGet(store, lapsed!.id)).state).toBe('ready')
    expect((await mustGet(store, renewed!.id)).state).toBe('active')
    expect(await store.reclaimExpired({ limit: 10, now: at(50_000) })).toBe(0)
    expect(await store.reclaimExpired({ limit: 10, now: at(55_001) })).toBe(1)
    expect((await mustGet(store, renewed!.id)).state).toBe('ready')
    expect(await store.reclaimExpired({ limit: 10, now: at(900_000) })).toBe(0)
    expect(await mustGet(store, completed!.id)).toMatchObject({ state: 'completed' })
    expect(ids(await claim(store, { now: at(900_000) })).sort()).toEqual([lapsed!.id, renewed!.id, released!.id].sort())
  })

  it('reclaims a job again when the lease of its next claim lapses too', async ({ store }) => {
    const leased = await addAndClaim(store, { maxAttempts: 5 })
    for (let round = 1; round <= 3; round++) {
      const lapse = round * 100_000
      expect(await store.reclaimExpired({ limit: 10, now: at(lapse) })).toBe(1)
      const [again] = await claim(store, { now: at(lapse + 1) })
      expect(again).toMatchObject({ id: leased.id, attempts: round + 1 })
    }
    expect(await store.reclaimExpired({ limit: 10, now: at(400_000) })).toBe(1)
    expect(await mustGet(store, leased.id)).toMatchObject({ state: 'ready', attempts: 4 })
  })

  it('reclaims across many claims, the longest expired first, and leaves the unexpired claims alone', async ({ store }) => {
    const jobs = await addAll(store, Array.from({ length: 6 }, () => ({})))
    for (let i = 0; i < 6; i++) await claim(store, { limit: 1, leaseMs: (6 - i) * 10_000, now: CLAIM_AT })
    // Leases end at 61 s, 51 s, … 11 s: at 35 s the last three claims have lapsed.
    expect(await store.reclaimExpired({ limit: 2, now: at(35_000) })).toBe(2)
    expect((await mustGet(store, jobs[5]!.id)).state).toBe('ready')
    expect((await mustGet(store, jobs[4]!.id)).state).toBe('ready')
    expect((await mustGet(store, jobs[3]!.id)).state).toBe('active')
    expect(await store.reclaimExpired({ limit: 10, now: at(35_000) })).toBe(1)
    expect((await mustGet(store, jobs[2]!.id)).state).toBe('active')
  })

  it('reclaims at most limit jobs per call', async ({ store }) => {
    await addAll(store, Array.from({ length: 5 }, () => ({})))
    const leased = await claim(store)
    expect(leased).toHaveLength(5)
    expect(await store.reclaimExpired({ limit: 2, now: at(60_000) })).toBe(2)
    expect(await store.reclaimExpired({ limit: 2, now: at(60_000) })).toBe(2)
    expect(await store.reclaimExpired({ limit: 2, now: at(60_000) })).toBe(1)
    expect(await store.reclaimExpired({ limit: 2, now: at(60_000) })).toBe(0)
    expect(ids(await claim(store, { now: at(60_000) })).sort()).toEqual(ids(leased).sort())
  })
}
