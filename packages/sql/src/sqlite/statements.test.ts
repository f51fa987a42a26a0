import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Queue, Worker } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { sqliteStore } from './index.js'

/**
 * SQLite (built with STAT4, as better-sqlite3 is) marks a prepared statement whose plan may depend
 * on a bound `LIMIT ?` as expired whenever that parameter is bound again, so every run of it was
 * parsed and planned anew: ~40 us per claim, 4% of the drain (docs/benchmarks.md, session 10).
 * `Bind.limit` writes `CAST(? AS INTEGER)` instead; this keeps every statement the store prepares
 * to that rule.
 */
describe('sqlite statements', () => {
  it('never bind a bare LIMIT ?, which re-prepares the statement on every run', async () => {
    const db = new Database(':memory:')
    const prepared: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((sql: string) => {
      prepared.push(sql)
      return prepare(sql)
    }) as typeof db.prepare
    const store = sqliteStore({ database: db })
    await store.migrate()
    const queue = new Queue({ store })
    await queue.addMany([
      { name: 'a', payload: 1 },
      { name: 'b', payload: 2, options: { queue: 'other' } },
    ])
    // Every statement shape that takes a row count: claims over one, several and all queues (with
    // and without the read-first), the fold, reclaim, list and prune.
    const one = await store.claim({ workerId: 'w', limit: 1, leaseMs: 1, queues: ['default'] })
    await store.claim({ workerId: 'w', limit: 5, leaseMs: 1_000, queues: ['default', 'other'] })
    await store.claim({ workerId: 'w', limit: 5, leaseMs: 1_000 })
    await store.settleAndClaim?.({ outcomes: one.map((job) => ({ type: 'complete' as const, lease: job.lease, result: null })), claim: { workerId: 'w', limit: 3, leaseMs: 1_000 } })
    await store.reclaimExpired({ limit: 10 })
    await store.list({ limit: 2 })
    await store.prune({ olderThan: new Date(Date.now() + 60_000) })

    const limits = prepared.filter((sql) => /\bLIMIT\b/i.test(sql))
    expect(limits.length).toBeGreaterThanOrEqual(5)
    expect(limits.filter((sql) => /\bLIMIT\s+\?/i.test(sql))).toEqual([])
    await store.close()
  })
})

describe('sqlite claim', () => {
  it('leaves out a row its lease update left as it was, and leases the others', async () => {
    const db = new Database(':memory:')
    const store = sqliteStore({ database: db })
    const queue = new Queue({ store })
    const [a, b, c] = await queue.addMany([0, 1, 2].map((i) => ({ name: 'job', payload: i })))
    // Stands in for `UPDATE OR IGNORE` skipping a row on a constraint: the claim read it, the update did not take it.
    db.exec(`CREATE TRIGGER keep_b BEFORE UPDATE OF state ON queue_jobs WHEN old.id = ${b!.id} BEGIN SELECT RAISE(IGNORE); END`)
    const claimed = await store.claim({ workerId: 'w', limit: 10, leaseMs: 1_000 })
    expect(claimed.map((job) => job.id)).toEqual([a!.id, c!.id])
    expect((await store.get({ id: b!.id }))?.state).toBe('ready')
    db.exec('DROP TRIGGER keep_b')
    expect((await store.claim({ workerId: 'w', limit: 10, leaseMs: 1_000 })).map((job) => job.id)).toEqual([b!.id])
    await store.close()
  })
})

describe('sqlite wake-ups from other processes', () => {
  it('wakes an idle worker for a job another connection wrote, long before its next poll', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-sqlite-wake-'))
    const filename = join(dir, 'jobs.db')
    const store = sqliteStore({ filename })
    let claims = 0
    const handled: unknown[] = []
    const counted = { ...store, claim: (p: Parameters<typeof store.claim>[0]) => (claims++, store.claim(p)) }
    const worker = new Worker({ store: counted, pollMs: 60_000, handlers: { run: (payload: unknown) => void handled.push(payload) } })
    // Another process's insert, as SQL on a connection of its own: no in-process notification.
    const other = new Database(filename)
    try {
      worker.start()
      for (let i = 0; i < 200 && claims === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
      await new Promise((resolve) => setTimeout(resolve, 50))
      const now = Date.now()
      other
        .prepare(`INSERT INTO queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, run_at, created_at) VALUES ('default', 'run', '{"from":"elsewhere"}', 'ready', 500, 25, '{"type":"fixed","delayMs":1}', ?, ?)`)
        .run(now, now)
      for (let i = 0; i < 300 && handled.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(handled).toEqual([{ from: 'elsewhere' }])
    } finally {
      await worker.stop()
      other.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("is not woken by its own store's commits (PRAGMA data_version tells them apart)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-sqlite-wake-'))
    const filename = join(dir, 'jobs.db')
    const store = sqliteStore({ filename })
    let claims = 0
    const counted = { ...store, claim: (p: Parameters<typeof store.claim>[0]) => (claims++, store.claim(p)) }
    // A worker of queue `a` only; the commits below go to queue `b`, which tells it nothing.
    const worker = new Worker({ store: counted, queues: ['a'], pollMs: 60_000, handlers: { run: () => null } })
    const queue = new Queue({ store })
    try {
      worker.start()
      for (let i = 0; i < 200 && claims === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10))
      await new Promise((resolve) => setTimeout(resolve, 50))
      const before = claims
      for (let i = 0; i < 20; i++) {
        await queue.add('run', i, { queue: 'b' })
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      // Each commit woke the worker through the WAL watch before (20 claims or so); now none does.
      expect(claims - before).toBeLessThanOrEqual(1)
    } finally {
      await worker.stop()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
