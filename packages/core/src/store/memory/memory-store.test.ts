import { describe, expect, it } from 'vitest'
import { newJob, storeConformance } from '../../testing/index.js'
import type { JobStore } from '../port.js'
import { memoryStore, MemoryStoreClosedError } from './index.js'

storeConformance('memory', async () => {
  const store = memoryStore()
  // Memory has one process and one table: a peer is another handle on it whose close leaves it open.
  const peer = async (): Promise<JobStore> => ({ ...store, close: async () => {} })
  return { store, peer }
})

describe('memoryStore', () => {
  it('uses its clock option when a call passes no now', async () => {
    let now = new Date('2031-05-05T10:00:00.000Z')
    const store = memoryStore({ clock: () => now })
    const [row] = await store.insert({ jobs: [newJob({ runAt: new Date('2031-05-05T10:00:05.000Z') })] })
    expect(row?.job).toMatchObject({ state: 'scheduled', createdAt: now })
    expect(await store.claim({ workerId: 'w', limit: 1, leaseMs: 1_000 })).toEqual([])
    now = new Date('2031-05-05T10:00:05.000Z')
    expect(await store.claim({ workerId: 'w', limit: 1, leaseMs: 1_000 })).toMatchObject([{ lockedUntil: new Date('2031-05-05T10:00:06.000Z') }])
  })

  it('refuses a transaction it cannot join', async () => {
    const store = memoryStore()
    expect(store.capabilities).toEqual({ notify: 'emulated', transactionalEnqueue: false, leasedInsert: true })
    await expect(store.insert({ jobs: [newJob()], tx: {} })).rejects.toThrow(TypeError)
    expect((await store.list({})).jobs).toEqual([])
  })

  it('rejects jobs it could not order or lease with a TypeError', async () => {
    const store = memoryStore()
    for (const bad of [{ runAt: new Date(Number.NaN) }, { priority: 1.5 }, { maxAttempts: 0 }, { name: '' }, { queue: '' }]) {
      await expect(store.insert({ jobs: [newJob(bad)] })).rejects.toThrow(TypeError)
    }
    await expect(store.claim({ workerId: 'w', limit: -1, leaseMs: 1_000 })).rejects.toThrow(RangeError)
    await expect(store.list({ cursor: 'abc' })).rejects.toThrow(RangeError)
    expect((await store.list({})).jobs).toEqual([])
  })

  it('refuses every call once closed', async () => {
    const store = memoryStore()
    await store.close()
    await expect(store.insert({ jobs: [newJob()] })).rejects.toThrow(MemoryStoreClosedError)
    await expect(store.claim({ workerId: 'w', limit: 1, leaseMs: 1_000 })).rejects.toThrow(MemoryStoreClosedError)
    await expect(store.counts({})).rejects.toThrow(MemoryStoreClosedError)
  })

  it('keeps jobs of different stores apart', async () => {
    const a = memoryStore()
    const b = memoryStore()
    await a.insert({ jobs: [newJob()] })
    expect((await b.list({})).jobs).toEqual([])
    expect(await b.queues()).toEqual([])
  })
})
