import { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, engineAvailable, ENGINES, type TestDatabase } from '../test/databases.js'
import { queueMigration } from './migration.js'
import { typeormStore } from './store.js'

/** A user's migration file, as the README shows it. */
class QueueTables1764547200000 extends queueMigration({ tablePrefix: 'mig_' }) {}

describe.each(ENGINES)('queueMigration on %s', async (engine) => {
  const available = await engineAvailable(engine)
  let db: TestDatabase
  let dataSource: DataSource

  beforeAll(async () => {
    if (!available) return
    db = await createTestDatabase(engine)
    const base = await db.open()
    // The same connection options, plus the user's migrations list.
    dataSource = new DataSource({ ...base.options, migrations: [QueueTables1764547200000] } as typeof base.options)
    await base.destroy()
    await dataSource.initialize()
  })
  afterAll(async () => {
    if (!available) return
    await dataSource.destroy()
    await db.drop()
  })

  it.skipIf(!available)("creates the queue's tables from the user's own migrations, for a store that does not migrate", async () => {
    const ran = await dataSource.runMigrations()
    expect(ran.map((m) => m.name)).toEqual(['QueueTables1764547200000'])
    const store = typeormStore(dataSource, { tablePrefix: 'mig_', autoMigrate: false })
    const [row] = await store.insert({ jobs: [{ name: 'hello', queue: 'default', payload: { a: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 3, backoff: { type: 'fixed', delayMs: 10 }, timeoutMs: null, groupKey: null, uniqueKey: null }] })
    const claimed = await store.claim({ workerId: 'w', limit: 5, leaseMs: 1000 })
    expect(claimed.map((job) => job.id)).toEqual([row?.job.id])
    await store.close()
  })

  it.skipIf(!available)('leaves a self-migrating store nothing to do, and can run again over its tables', async () => {
    const store = typeormStore(dataSource, { tablePrefix: 'mig_' })
    await store.migrate()
    expect((await store.list({})).jobs).toHaveLength(1)
    const runner = dataSource.createQueryRunner()
    try {
      await new QueueTables1764547200000().up(runner)
    } finally {
      if (engine !== 'sqlite') await runner.release() // sqlite's one runner is the DataSource's own
    }
    expect((await store.list({})).jobs).toHaveLength(1)
    await store.close()
  })
})
