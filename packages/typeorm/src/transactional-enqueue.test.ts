import { Queue } from '@queue/core'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, engineAvailable, ENGINES, type TestDatabase } from '../test/databases.js'
import { User } from '../test/user.entity.js'
import { TypeormStoreError } from './errors.js'
import { typeormStore } from './store.js'

/** Thrown inside a transaction to roll it back. */
class Rollback extends Error {}

async function rolledBack(run: () => Promise<unknown>): Promise<void> {
  await expect(run()).rejects.toBeInstanceOf(Rollback)
}

describe.each(ENGINES)('transactional enqueue with TypeORM on %s', async (engine) => {
  const available = await engineAvailable(engine)
  let db: TestDatabase
  let dataSource: DataSource
  /** A second DataSource on the same database: another process's worker, in effect. */
  let workerSide: DataSource
  let cases = 0
  const fresh = async () => {
    const tablePrefix = `t${++cases}_`
    const store = typeormStore(dataSource, { tablePrefix })
    await store.migrate()
    const worker = typeormStore(workerSide, { tablePrefix, autoMigrate: false })
    return { store, queue: new Queue({ store }), worker }
  }

  beforeAll(async () => {
    if (!available) return
    db = await createTestDatabase(engine)
    dataSource = await db.open([User])
    workerSide = await db.open()
  })
  afterAll(async () => {
    if (!available) return
    await workerSide.destroy()
    await dataSource.destroy()
    await db.drop()
  })

  it.skipIf(!available)('leaves no job behind when the transaction rolls back', async () => {
    const { store, queue, worker } = await fresh()
    await rolledBack(() =>
      dataSource.transaction(async (em) => {
        await queue.add('send-email', { to: 'a@example.com' }, { tx: em })
        throw new Rollback()
      }),
    )
    expect((await store.list({})).jobs).toEqual([])
    expect(await worker.claim({ workerId: 'w', limit: 10, leaseMs: 30_000 })).toEqual([])
  })

  it.skipIf(!available)('commits exactly one job, which a worker can claim only after the commit', async () => {
    const { store, queue, worker } = await fresh()
    const added = await dataSource.transaction(async (em) => {
      const job = await queue.add('send-email', { to: 'b@example.com' }, { tx: em })
      // Uncommitted: another connection neither sees nor claims it.
      expect(await worker.get({ id: job.id })).toBeNull()
      expect(await worker.claim({ workerId: 'w', limit: 10, leaseMs: 30_000 })).toEqual([])
      return job
    })
    const claimed = await worker.claim({ workerId: 'w', limit: 10, leaseMs: 30_000 })
    expect(claimed.map((job) => job.id)).toEqual([added.id])
    expect(claimed[0]?.payload).toEqual({ to: 'b@example.com' })
    expect((await store.list({})).jobs).toHaveLength(1)
  })

  it.skipIf(!available)('saves a user and enqueues its welcome job in one transaction, or neither', async () => {
    const { store, queue } = await fresh()
    const email = `u${cases}@example.com`
    await rolledBack(() =>
      dataSource.transaction(async (em) => {
        const user = await em.save(User, { email })
        await queue.add('welcome', { userId: user.id }, { tx: em })
        throw new Rollback()
      }),
    )
    expect(await dataSource.getRepository(User).countBy({ email })).toBe(0)
    expect((await store.list({})).jobs).toEqual([])

    const user = await dataSource.transaction(async (em) => {
      const saved = await em.save(User, { email })
      await queue.add('welcome', { userId: saved.id }, { tx: em })
      return saved
    })
    expect(await dataSource.getRepository(User).countBy({ email })).toBe(1)
    const jobs = (await store.list({})).jobs
    expect(jobs.map((job) => [job.name, job.payload])).toEqual([['welcome', { userId: user.id }]])
  })

  it.skipIf(!available)("refuses a manager that is not inside a transaction, so the job cannot silently escape it", async () => {
    const { queue } = await fresh()
    await expect(queue.add('x', {}, { tx: dataSource.manager })).rejects.toBeInstanceOf(TypeormStoreError)
    let ended: unknown
    await dataSource.transaction(async (em) => {
      ended = em
    })
    await expect(queue.add('x', {}, { tx: ended })).rejects.toBeInstanceOf(TypeormStoreError)
  })

  it.runIf(available && engine === 'sqlite')('holds a claim on the same DataSource back until the transaction commits', async () => {
    // TypeORM's better-sqlite3 driver has one connection: a claim there must not see the open transaction.
    const { store, queue } = await fresh()
    let claim: Promise<{ id: string }[]> | undefined
    const added = await dataSource.transaction(async (em) => {
      const job = await queue.add('send-email', {}, { tx: em })
      claim = store.claim({ workerId: 'same-connection', limit: 10, leaseMs: 30_000 })
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect((await em.query(`SELECT state FROM t${cases}_jobs`)) as unknown[]).toEqual([{ state: 'ready' }])
      return job
    })
    expect((await claim)?.map((job) => job.id)).toEqual([added.id])
  })
})
