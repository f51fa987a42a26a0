import { migrationSql, migrationStatements } from '@queue/sql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, engineAvailable, type Engine, type TestDatabase, type TestPrisma } from '../test/databases.js'
import { PrismaStoreError } from './errors.js'
import { queueMigrationSql } from './migration.js'
import { prismaStore } from './store.js'

const PROVIDERS = { postgres: 'postgresql', mariadb: 'mysql', sqlite: 'sqlite' } as const
const DIALECTS = { postgres: 'postgres', mariadb: 'mysql', sqlite: 'sqlite' } as const

describe.each(Object.keys(PROVIDERS) as Engine[])('queueMigrationSql on %s', async (engine) => {
  const available = await engineAvailable(engine)
  let db: TestDatabase
  let prisma: TestPrisma

  beforeAll(async () => {
    if (!available) return
    db = await createTestDatabase(engine)
    prisma = await db.open()
  })
  afterAll(async () => {
    if (!available) return
    await prisma.$disconnect()
    await db.drop()
  })

  it.skipIf(!available)('applies as a migration script, after which a non-migrating store works and a migrating one has nothing to do', async () => {
    const script = queueMigrationSql({ provider: PROVIDERS[engine], tablePrefix: 'mig_' })
    // What `prisma migrate deploy` does with migration.sql, one statement at a time (raw queries take
    // one): the script is @queue/sql's for the provider's dialect, which comes as statements too.
    const naming = { dialect: DIALECTS[engine], tablePrefix: 'mig_' }
    expect(script).toBe(migrationSql(naming))
    for (const statement of migrationStatements(naming)) await prisma.$executeRawUnsafe(statement)
    const store = prismaStore(prisma, { tablePrefix: 'mig_', autoMigrate: false })
    const [row] = await store.insert({ jobs: [{ name: 'hello', queue: 'default', payload: { a: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 3, backoff: { type: 'fixed', delayMs: 10 }, timeoutMs: null, groupKey: null, uniqueKey: null }] })
    expect((await store.claim({ workerId: 'w', limit: 5, leaseMs: 1000 })).map((job) => job.id)).toEqual([row?.job.id])
    const migrating = prismaStore(prisma, { tablePrefix: 'mig_' })
    await migrating.migrate()
    expect((await migrating.list({})).jobs).toHaveLength(1)
  })

  it('refuses a provider it has no dialect for', () => {
    expect(() => queueMigrationSql({ provider: 'mongodb' as never })).toThrow(PrismaStoreError)
  })
})
