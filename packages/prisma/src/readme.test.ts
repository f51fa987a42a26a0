import { Queue, Worker } from '@queue/core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase, type TestPrisma } from '../test/databases.js'
import { prismaStore } from './index.js'

// The README's example, run as written, on SQLite (the generated test client has the same User model).
let db: TestDatabase
let prisma: TestPrisma
beforeAll(async () => {
  db = await createTestDatabase('sqlite')
  prisma = await db.open()
})
afterAll(async () => {
  await prisma.$disconnect()
  await db.drop()
})

it('runs the README example: a user and its welcome email commit together, then a worker sends it', async () => {
  const store = prismaStore(prisma)
  const queue = new Queue({ store })

  await prisma.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: 'ada@example.com' } })
    await queue.add('welcome-email', { userId: user.id }, { tx })
  })

  const sent: number[] = []
  const worker = new Worker({
    store,
    handlers: {
      'welcome-email': async (payload) => {
        sent.push((payload as { userId: number }).userId)
      },
    },
  }).start()
  try {
    await expect.poll(() => sent, { timeout: 5000 }).toEqual([1])
    await expect.poll(async () => (await store.counts({})).completed).toBe(1)
  } finally {
    await worker.stop()
    await store.close()
  }
})
