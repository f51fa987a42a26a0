import { Queue } from '@queue/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, engineAvailable, type Engine, type TestDatabase, type TestPrisma, type TestPrismaTx } from '../test/databases.js'
import { PrismaStoreError } from './errors.js'
import { prismaStore } from './store.js'

const ENGINES: Engine[] = ['postgres', 'mariadb', 'sqlite']

/** Thrown inside a transaction to roll it back. */
class Rollback extends Error {}

async function rolledBack(run: () => Promise<unknown>): Promise<void> {
  await expect(run()).rejects.toBeInstanceOf(Rollback)
}

describe.each(ENGINES)('transactional enqueue with Prisma on %s', async (engine) => {
  const available = await engineAvailable(engine)
  let db: TestDatabase
  let prisma: TestPrisma
  /** A second PrismaClient on the same database: another process's worker, in effect. */
  let workerSide: TestPrisma
  let cases = 0
  const fresh = async () => {
    const tablePrefix = `t${++cases}_`
    const store = prismaStore(prisma, { tablePrefix })
    await store.migrate()
    const worker = prismaStore(workerSide, { tablePrefix, autoMigrate: false })
    return { store, queue: new Queue({ store }), worker }
  }
  const transaction = <R>(fn: (tx: TestPrismaTx) => Promise<R>): Promise<R> => prisma.$transaction(fn)

  beforeAll(async () => {
    if (!available) return
    db = await createTestDatabase(engine)
    prisma = await db.open()
    workerSide = await db.open()
  })
  afterAll(async () => {
    if (!available) return
    await workerSide.$disconnect()
    await prisma.$disconnect()
    await db.drop()
  })

  it.skipIf(!available)('leaves no job behind when the transaction rolls back', async () => {
    const { store, queue, worker } = await fresh()
    await rolledBack(() =>
      transaction(async (tx) => {
        await queue.add('send-email', { to: 'a@example.com' }, { tx })
        throw new Rollback()
      }),
    )
    expect((await store.list({})).jobs).toEqual([])
    expect(await worker.claim({ workerId: 'w', limit: 10, leaseMs: 30_000 })).toEqual([])
  })

  it.skipIf(!available)('commits exactly one job, which a worker can claim only after the commit', async () => {
    const { store, queue, worker } = await fresh()
    const added = await transaction(async (tx) => {
      const job = await queue.add('send-email', { to: 'b@example.com' }, { tx })
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

  it.skipIf(!available)('creates a user and enqueues its welcome job in one transaction, or neither', async () => {
    const { store, queue } = await fresh()
    const email = `u${cases}@example.com`
    await rolledBack(() =>
      transaction(async (tx) => {
        const user = await tx.user.create({ data: { email } })
        await queue.add('welcome', { userId: user.id }, { tx })
        throw new Rollback()
      }),
    )
    const before = await prisma.user.count()
    expect((await store.list({})).jobs).toEqual([])

    const user = await transaction(async (tx) => {
      const created = await tx.user.create({ data: { email } })
      await queue.add('welcome', { userId: created.id }, { tx })
      return created
    })
    expect(await prisma.user.count()).toBe(before + 1)
    const jobs = (await store.list({})).jobs
    expect(jobs.map((job) => [job.name, job.payload])).toEqual([['welcome', { userId: user.id }]])
  })

  it.skipIf(!available)('refuses the PrismaClient itself as tx, so the job cannot silently escape a transaction', async () => {
    const { queue } = await fresh()
    await expect(queue.add('x', {}, { tx: prisma })).rejects.toBeInstanceOf(PrismaStoreError)
  })

  it.runIf(available && engine === 'sqlite')('holds a claim on the same client back until the transaction commits', async () => {
    // The better-sqlite3 adapter has one connection: a claim there must not see the open transaction.
    const { store, queue } = await fresh()
    let claim: Promise<{ id: string }[]> | undefined
    const added = await transaction(async (tx) => {
      const job = await queue.add('send-email', {}, { tx })
      claim = store.claim({ workerId: 'same-connection', limit: 10, leaseMs: 30_000 })
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(await tx.$queryRawUnsafe(`SELECT state FROM t${cases}_jobs`)).toEqual([{ state: 'ready' }])
      return job
    })
    expect((await claim)?.map((job) => job.id)).toEqual([added.id])
  })
})
