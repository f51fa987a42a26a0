/**
 * Runs `@queue/core/testing`'s storage conformance suite against `prismaStore` on one engine: one
 * isolated database per test file, and a fresh table prefix (fresh, empty tables) per case.
 */
import { storeConformance, type ConformanceTarget } from '@queue/core/testing'
import { afterAll, describe, it } from 'vitest'
import { prismaStore } from '../src/index.js'
import { createTestDatabase, engineAvailable, type Engine, type TestDatabase, type TestPrisma } from './databases.js'

/** Thrown inside a test transaction to roll it back. */
class Rollback extends Error {}

/**
 * SQLite gets no peer: two PrismaClients on one file in one process deadlock under write contention
 * (an interactive transaction keeps the write lock across event-loop turns while better-sqlite3
 * makes the other connection wait synchronously for busy_timeout). Prisma's advice is one client
 * per process, and other processes are unaffected. Without a peer the case below would ask the
 * store to read past its own open transaction on the one connection, so it is covered by
 * transactional-enqueue.test.ts instead (a second client reading while the transaction is open).
 */
const SQLITE_SKIP = ['commits a job enqueued in a transaction exactly once, unseen by others until then']

export async function prismaConformance(engine: Engine): Promise<void> {
  if (!(await engineAvailable(engine))) {
    describe(`store conformance: prisma ${engine}`, () => it.skip(`${engine} is not reachable`, () => {}))
    return
  }
  let db: Promise<TestDatabase> | undefined
  let main: Promise<TestPrisma> | undefined
  let cases = 0
  afterAll(async () => {
    if (db === undefined) return
    await (await main)?.$disconnect()
    await (await db).drop()
  })

  storeConformance(`prisma ${engine}`, async (): Promise<ConformanceTarget> => {
    db ??= createTestDatabase(engine)
    const database = await db
    main ??= database.open()
    const prisma = await main
    const tablePrefix = `c${++cases}_`
    const listen = database.listen === undefined ? {} : { listen: database.listen }
    const store = prismaStore(prisma, { tablePrefix, ...listen })
    await store.migrate()
    const peers: TestPrisma[] = []
    return {
      store,
      // A peer is its own PrismaClient (its own pool). Not on SQLite: see SQLITE_SKIP above.
      ...(engine === 'sqlite'
        ? {}
        : {
            peer: async () => {
              const other = await database.open()
              peers.push(other)
              return prismaStore(other, { tablePrefix, autoMigrate: false, ...listen })
            },
          }),
      transaction: async (fn, { rollback }) => {
        try {
          await prisma.$transaction(async (tx) => {
            await fn(tx)
            if (rollback) throw new Rollback()
          })
        } catch (error) {
          if (!(error instanceof Rollback)) throw error
        }
      },
      cleanup: async () => {
        await Promise.all(peers.map((peer) => peer.$disconnect()))
      },
    }
  }, { skip: engine === 'sqlite' ? SQLITE_SKIP : [] })
}
