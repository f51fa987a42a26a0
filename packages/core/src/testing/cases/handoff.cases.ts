import { expect } from 'vitest'
import type { NewJob } from '../../job/job.js'
import type { InsertResult, JobStore } from '../../store/port.js'
import { add, at, claim, CLAIM_AT, mustGet, T0, type CaseContext, type DefineCase } from '../context.js'
import { newJob } from '../new-job.js'

const LEASE = { workerId: 'local-w', leaseMs: 30_000 }

/** Inserts one job leased to `LEASE.workerId` at T0 (`insert({ lease })`); skips the case on a store without `leasedInsert`. */
async function addLeased(ctx: CaseContext, overrides: Partial<NewJob> = {}): Promise<InsertResult & { lease: NonNullable<InsertResult['lease']> }> {
  if (ctx.store.capabilities.leasedInsert !== true) ctx.skip('the store has no leased insert (capabilities.leasedInsert)')
  const [row] = await ctx.store.insert({ jobs: [newJob({ runAt: T0, ...overrides })], now: T0, lease: LEASE })
  if (row?.lease === undefined) throw new Error('a leased insert returned no lease')
  return row as InsertResult & { lease: NonNullable<InsertResult['lease']> }
}

async function activeCount(store: JobStore): Promise<number> {
  return (await store.counts({ now: CLAIM_AT })).active
}

/**
 * `insert({ lease })`: the in-process handoff of `queue.add` to an idle Worker. The job is stored
 * as a claim leaves it, and from then on it is an ordinary lease: renewed, settled, reclaimed.
 */
export function handoffCases(it: DefineCase): void {
  it('a leased insert stores the job active, leased to the worker, its attempt counted', async (ctx) => {
    const { job, lease, duplicate } = await addLeased(ctx, { name: 'mail', queue: 'q', payload: { to: 'a@b' } })
    expect(duplicate).toBe(false)
    expect(lease.id).toBe(job.id)
    expect(job).toMatchObject({ state: 'active', attempts: 1, lockedBy: LEASE.workerId, lockedUntil: at(LEASE.leaseMs), startedAt: T0 })
    expect(await mustGet(ctx.store, job.id)).toEqual({ ...job, payload: { to: 'a@b' } })
    expect(await activeCount(ctx.store)).toBe(1)
  })

  it('a leased job is not claimed by anyone else, and settles with its lease', async (ctx) => {
    const { job, lease } = await addLeased(ctx)
    const other = await add(ctx.store)
    expect((await claim(ctx.store, { workerId: 'w2' })).map((j) => j.id)).toEqual([other.id])
    expect(await ctx.store.settle({ outcomes: [{ type: 'complete', lease, result: { ok: 1 } }], now: CLAIM_AT })).toEqual([{ id: job.id, ok: true }])
    expect(await mustGet(ctx.store, job.id)).toMatchObject({ state: 'completed', result: { ok: 1 }, lockedBy: null, finishedAt: CLAIM_AT })
    const stale = await ctx.store.settle({ outcomes: [{ type: 'fail', lease, error: 'again' }], now: CLAIM_AT })
    expect(stale).toEqual([{ id: job.id, ok: false }])
  })

  it('a leased job is renewed like a claimed one, and reclaimed when its lease runs out', async (ctx) => {
    const { job, lease } = await addLeased(ctx)
    expect(await ctx.store.renewLeases({ leases: [lease], leaseMs: 30_000, now: at(20_000) })).toEqual([lease])
    expect(await ctx.store.reclaimExpired({ limit: 10, now: at(40_000) })).toBe(0)
    expect(await ctx.store.reclaimExpired({ limit: 10, now: at(50_001) })).toBe(1)
    expect(await mustGet(ctx.store, job.id)).toMatchObject({ state: 'ready', attempts: 1, lockedBy: null })
    const [again] = await claim(ctx.store, { workerId: 'w2', now: at(51_000) })
    expect(again).toMatchObject({ id: job.id, attempts: 2 })
    expect(await ctx.store.settle({ outcomes: [{ type: 'complete', lease, result: null }], now: at(51_000) })).toEqual([{ id: job.id, ok: false }])
  })

  it('a leased job retried by its worker goes back to retry and is claimed as usual', async (ctx) => {
    const { job, lease } = await addLeased(ctx)
    await ctx.store.settle({ outcomes: [{ type: 'retry', lease, error: 'boom', runAt: at(500) }], now: at(100) })
    const [again] = await claim(ctx.store)
    expect(again).toMatchObject({ id: job.id, attempts: 2, lastError: 'boom' })
  })

  it('refuses a leased insert of a job that is not due, has a groupKey or a uniqueKey, and stores nothing', async (ctx) => {
    if (ctx.store.capabilities.leasedInsert !== true) ctx.skip('the store has no leased insert (capabilities.leasedInsert)')
    for (const overrides of [{ runAt: at(5_000) }, { groupKey: 'g' }, { uniqueKey: 'u' }] as Partial<NewJob>[]) {
      await expect(ctx.store.insert({ jobs: [newJob({ runAt: T0, ...overrides })], now: T0, lease: LEASE })).rejects.toThrow(TypeError)
    }
    await expect(ctx.store.insert({ jobs: [newJob({ runAt: T0 }), newJob({ runAt: T0 })], now: T0, lease: LEASE })).rejects.toThrow(TypeError)
    expect(Object.values(await ctx.store.counts({ now: CLAIM_AT })).reduce((a, b) => a + b, 0)).toBe(0)
  })
}
