import Database from 'better-sqlite3'
import { Queue } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { COUNT_CHUNK_ROWS } from '../ops/admin.js'
import { sqliteStore } from './index.js'

/** A store over an in-memory database holding `total` jobs, `done` of them completed. */
async function storeWith(total: number, done: number, queue?: string) {
  const store = sqliteStore({ database: new Database(':memory:') })
  await store.migrate()
  await new Queue({ store }).addMany(Array.from({ length: total }, (_, i) => ({ name: 'job', payload: i, options: { queue: queue !== undefined && i % 2 === 1 ? queue : 'default' } })))
  for (let left = done; left > 0; ) {
    const jobs = await store.claim({ workerId: 'w', limit: Math.min(left, 300), leaseMs: 60_000 })
    await store.settle({ outcomes: jobs.map((job) => ({ type: 'complete' as const, lease: job.lease, result: null })) })
    left -= jobs.length
  }
  return store
}

describe('sqlite counts', () => {
  it('counts a table of several passes exactly, per queue too', async () => {
    const total = COUNT_CHUNK_ROWS * 2 + 345
    const store = await storeWith(total, 1_000, 'other')
    const all = await store.counts({})
    expect(all.completed).toBe(1_000)
    expect(all.ready).toBe(total - 1_000)
    const other = await store.counts({ queue: 'other' })
    const byDefault = await store.counts({ queue: 'default' })
    expect(other.ready + other.completed).toBe(Math.floor(total / 2))
    expect(byDefault.ready + byDefault.completed).toBe(Math.ceil(total / 2))
    expect(other.completed + byDefault.completed).toBe(1_000)
    await store.close()
  })

  it('lets the event loop run between passes instead of holding it for the whole table', async () => {
    const store = await storeWith(COUNT_CHUNK_ROWS + 1, 0)
    let turned = false
    setImmediate(() => {
      turned = true
    })
    const counts = await store.counts({})
    expect(counts.ready).toBe(COUNT_CHUNK_ROWS + 1)
    // One statement over every row would have resolved within this macrotask.
    expect(turned).toBe(true)
    await store.close()
  })
})
