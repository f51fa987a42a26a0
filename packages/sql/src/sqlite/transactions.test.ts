import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Queue } from '@queue/core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SqlJobStore } from '../store/sql-store.js'
import { sqliteStore } from './index.js'
import { everyVersion } from '../../test/support.js'

describe('sqlite transactional enqueue', () => {
  let dir: string
  let filename: string
  let db: Database.Database
  let store: SqlJobStore
  let queue: Queue

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'queue-sql-tx-'))
    filename = join(dir, 'app.db')
    db = new Database(filename)
    db.pragma('journal_mode = WAL')
    db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)')
    store = sqliteStore({ database: db })
    queue = new Queue({ store })
  })
  afterEach(async () => {
    await store.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const claimAll = () => store.claim({ workerId: 'w', limit: 10, leaseMs: 1000 })

  it('writes the job inside db.transaction(() => …) and commits it with the order', async () => {
    let added: Promise<unknown> | undefined
    db.transaction(() => {
      db.prepare('INSERT INTO orders (total) VALUES (?)').run(42)
      added = queue.add('send-receipt', { order: 1 }, { tx: db })
    })()
    await added
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 1 })
    expect((await claimAll()).map((job) => job.name)).toEqual(['send-receipt'])
  })

  it('leaves no job when db.transaction(() => …) throws', async () => {
    let added: Promise<unknown> | undefined
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO orders (total) VALUES (?)').run(42)
        added = queue.add('send-receipt', { order: 1 }, { tx: db })
        throw new Error('payment declined')
      })(),
    ).toThrow('payment declined')
    await added
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 0 })
    expect(await claimAll()).toEqual([])
    expect((await store.counts({})).ready).toBe(0)
  })

  it('joins a plain BEGIN on the same database, rolled back and then committed', async () => {
    db.exec('BEGIN')
    await queue.add('rolled-back', {}, { tx: db })
    db.exec('ROLLBACK')
    expect(await claimAll()).toEqual([])

    db.exec('BEGIN')
    const job = await queue.add('committed', {}, { tx: db })
    db.exec('COMMIT')
    expect((await claimAll()).map((j) => j.id)).toEqual([job.id])
  })

  it("keeps a job in another connection's open transaction invisible to a claimer until commit", async () => {
    const other = new Database(filename)
    try {
      other.exec('BEGIN')
      const job = await queue.add('later', {}, { tx: other })
      expect(await claimAll()).toEqual([])
      other.exec('COMMIT')
      expect((await claimAll()).map((j) => j.id)).toEqual([job.id])
    } finally {
      other.close()
    }
  })

  it('refuses a tx that is not a better-sqlite3 database with a typed error', async () => {
    await expect(queue.add('x', {}, { tx: { query: () => {} } })).rejects.toThrow(/cannot use this transaction/)
  })

  it('closes only what it opened: your database stays open', async () => {
    await store.close()
    expect(db.open).toBe(true)
    store = sqliteStore({ database: db })
  })
})

describe('sqlite migrations', () => {
  it('lets ten stores on one file migrate at once and records each version once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-sql-mig-'))
    const filename = join(dir, 'jobs.db')
    try {
      const stores = Array.from({ length: 10 }, () => sqliteStore({ filename, autoMigrate: false }))
      await Promise.all(stores.map((s) => s.migrate()))
      await Promise.all(stores.map((s) => s.migrate()))
      const check = new Database(filename, { readonly: true })
      expect(check.prepare('SELECT version FROM queue_migrations ORDER BY version').all()).toEqual(everyVersion('sqlite'))
      expect(check.pragma('journal_mode', { simple: true })).toBe('wal')
      check.close()
      await Promise.all(stores.map((s) => s.close()))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps tables of different prefixes apart in one file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-sql-prefix-'))
    const filename = join(dir, 'jobs.db')
    try {
      const a = sqliteStore({ filename, tablePrefix: 'a_' })
      const b = sqliteStore({ filename, tablePrefix: 'b_' })
      await new Queue({ store: a }).add('only-in-a', {})
      expect((await b.list({})).jobs).toEqual([])
      expect((await a.list({})).jobs.map((j) => j.name)).toEqual(['only-in-a'])
      await Promise.all([a.close(), b.close()])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a table prefix that is not a plain identifier', () => {
    expect(() => sqliteStore({ filename: ':memory:', tablePrefix: 'x"; DROP TABLE y; --' })).toThrow(/tablePrefix must match/)
  })
})
