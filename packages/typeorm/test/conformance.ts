/**
 * Runs `@queue/core/testing`'s storage conformance suite against `typeormStore` on one engine: one
 * isolated database per test file, and a fresh table prefix (fresh, empty tables) per case.
 */
import { storeConformance, type ConformanceTarget } from '@queue/core/testing'
import type { DataSource } from 'typeorm'
import { afterAll, describe, it } from 'vitest'
import { typeormStore } from '../src/index.js'
import { createTestDatabase, engineAvailable, type Engine, type TestDatabase } from './databases.js'

/** Thrown inside a test transaction to roll it back. */
class Rollback extends Error {}

export async function typeormConformance(engine: Engine): Promise<void> {
  if (!(await engineAvailable(engine))) {
    describe(`store conformance: typeorm ${engine}`, () => it.skip(`${engine} is not reachable`, () => {}))
    return
  }
  let db: Promise<TestDatabase> | undefined
  let main: Promise<DataSource> | undefined
  let cases = 0
  afterAll(async () => {
    if (db === undefined) return
    await (await main)?.destroy()
    await (await db).drop()
  })

  storeConformance(`typeorm ${engine}`, async (): Promise<ConformanceTarget> => {
    db ??= createTestDatabase(engine)
    const database = await db
    main ??= database.open()
    const dataSource = await main
    const tablePrefix = `c${++cases}_`
    const store = typeormStore(dataSource, { tablePrefix })
    await store.migrate()
    const peers: DataSource[] = []
    return {
      store,
      // A peer is its own DataSource: its own pool, or its own SQLite connection to the same file.
      peer: async () => {
        const other = await database.open()
        peers.push(other)
        return typeormStore(other, { tablePrefix, autoMigrate: false })
      },
      transaction: async (fn, { rollback }) => {
        try {
          await dataSource.transaction(async (em) => {
            await fn(em)
            if (rollback) throw new Rollback()
          })
        } catch (error) {
          if (!(error instanceof Rollback)) throw error
        }
      },
      cleanup: async () => {
        await Promise.all(peers.map((peer) => peer.destroy()))
      },
    }
  })
}
