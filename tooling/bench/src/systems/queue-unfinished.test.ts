import { describe, expect, it } from 'vitest'
import { openQueueStore, unfinishedOf } from './queue.js'
import { unfinishedCounter } from './queue-unfinished.js'

interface PortStore {
  migrate(): Promise<void>
  close(): Promise<void>
  counts(p: object): Promise<Record<string, number>>
  insert(p: { jobs: unknown[] }): Promise<unknown>
  claim(p: { workerId: string; limit: number; leaseMs: number }): Promise<{ lease: unknown }[]>
  settle(p: { outcomes: unknown[] }): Promise<unknown>
}

const newJob = (runAt: Date) => ({
  name: 'bench', queue: 'default', payload: { i: 1 }, priority: 500, runAt, maxAttempts: 3,
  backoff: { type: 'fixed', delayMs: 1000 }, timeoutMs: null, groupKey: null, uniqueKey: null,
})

describe.each(['sqlite', 'postgres'] as const)('the drain end check on %s', (backend) => {
  it('counts what store.counts() counts as unfinished: ready, scheduled and active, never finished', async () => {
    const opened = await openQueueStore(backend)
    const store = opened.store as unknown as PortStore
    await store.migrate()
    const counter = await unfinishedCounter(opened.location)
    try {
      expect(counter).not.toBeNull()
      const agree = async () => {
        const expected = unfinishedOf(await store.counts({}))
        expect(await counter!.count()).toBe(expected)
        return expected
      }
      await store.insert({ jobs: [...Array.from({ length: 5 }, () => newJob(new Date())), newJob(new Date(Date.now() + 60_000))] })
      expect(await agree()).toBe(6)
      const leased = await store.claim({ workerId: 'w', limit: 3, leaseMs: 30_000 })
      expect(await agree()).toBe(6)
      await store.settle({ outcomes: leased.map((job) => ({ type: 'complete', lease: job.lease, result: null })) })
      expect(await agree()).toBe(3)
    } finally {
      await counter?.close()
      await store.close()
      await opened.drop()
    }
  })
})
