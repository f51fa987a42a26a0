import type { Executor } from '@queue/sql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, engineAvailable, type Engine, type TestDatabase, type TestPrisma } from '../../test/databases.js'
import { PrismaStoreError } from '../errors.js'
import { prismaExecutor } from './executor.js'
import { returnsRows } from './statement.js'

const ENGINES: Engine[] = ['postgres', 'mariadb', 'sqlite']
const DDL = {
  postgres: 'CREATE TABLE probe (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, k TEXT UNIQUE, n BIGINT)',
  mariadb: 'CREATE TABLE probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(50) UNIQUE, n BIGINT)',
  sqlite: 'CREATE TABLE probe (id INTEGER PRIMARY KEY, k TEXT UNIQUE, n INTEGER)',
}

describe('returnsRows', () => {
  it('reads rows from SELECTs, RETURNING statements and WITH ... SELECT', () => {
    expect(returnsRows('SELECT 1')).toBe(true)
    expect(returnsRows('  select * from t')).toBe(true)
    expect(returnsRows('UPDATE t SET a = 1 RETURNING id')).toBe(true)
    expect(returnsRows('WITH c AS (SELECT id FROM t FOR UPDATE) SELECT * FROM c')).toBe(true)
  })
  it('counts affected rows of writes, including WITH ... UPDATE without RETURNING', () => {
    expect(returnsRows('UPDATE t SET a = 1')).toBe(false)
    expect(returnsRows('DELETE FROM t WHERE id IN (SELECT id FROM t LIMIT 5)')).toBe(false)
    expect(returnsRows("WITH c AS (SELECT id FROM t) UPDATE t SET s = 'select' WHERE id IN (SELECT id FROM c)")).toBe(false)
    expect(returnsRows('CREATE TABLE x (returning_at INTEGER)')).toBe(false)
  })
})

describe.each(ENGINES)('prismaExecutor on %s', async (engine) => {
  const available = await engineAvailable(engine)
  const p = (i: number) => (engine === 'postgres' ? `$${i}` : '?')
  let db: TestDatabase
  let prisma: TestPrisma
  let executor: Executor

  beforeAll(async () => {
    if (!available) return
    db = await createTestDatabase(engine)
    prisma = await db.open()
    executor = prismaExecutor(prisma)
    await prisma.$executeRawUnsafe(DDL[engine])
  })
  afterAll(async () => {
    if (!available) return
    await prisma.$disconnect()
    await db.drop()
  })

  it.skipIf(!available)('reads the dialect from the client, also from one made by $extends', async () => {
    expect(executor.dialect).toBe(engine === 'mariadb' ? 'mysql' : engine)
    const extended = (prisma as unknown as { $extends(ext: object): TestPrisma }).$extends({})
    const onExtended = prismaExecutor(extended)
    expect(onExtended.dialect).toBe(executor.dialect)
    expect((await onExtended.query('SELECT 1 AS one')).rows.map((row) => Number(row.one))).toEqual([1])
  })

  it.skipIf(!available)('returns RETURNING rows and affected counts', async () => {
    const inserted = await executor.query(`INSERT INTO probe (k, n) VALUES (${p(1)}, ${p(2)}) RETURNING id, k, n`, ['a', 1_764_571_234_567])
    expect(inserted.rows).toHaveLength(1)
    expect(Number(inserted.rows[0]?.n)).toBe(1_764_571_234_567)
    expect(inserted.affected).toBe(1)
    await executor.query(`INSERT INTO probe (k, n) VALUES (${p(1)}, ${p(2)})`, ['b', 2])
    const updated = await executor.query(`UPDATE probe SET n = n + 1 WHERE k IN (${p(1)}, ${p(2)})`, ['a', 'b'])
    expect(updated).toEqual({ rows: [], affected: 2 })
    const selected = await executor.query(`SELECT k FROM probe ORDER BY k`)
    expect(selected.rows).toEqual([{ k: 'a' }, { k: 'b' }])
  })

  it.runIf(available && engine === 'mariadb')('runs its transactions at READ COMMITTED on MySQL, as SKIP LOCKED claims want', async () => {
    const level = await executor.transaction(async (tx) => {
      await tx.query('SELECT COUNT(*) AS n FROM probe FOR UPDATE')
      const { rows } = await tx.query('SELECT trx_isolation_level AS level FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = CONNECTION_ID()')
      return rows[0]?.level
    })
    expect(level).toBe('READ COMMITTED')
  })

  it.skipIf(!available)('commits a transaction that resolves and rolls back one that throws', async () => {
    await executor.transaction(async (tx) => {
      await tx.query(`INSERT INTO probe (k, n) VALUES (${p(1)}, 0)`, ['kept'])
    })
    await expect(
      executor.transaction(async (tx) => {
        await tx.query(`INSERT INTO probe (k, n) VALUES (${p(1)}, 0)`, ['dropped'])
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const { rows } = await executor.query(`SELECT k FROM probe WHERE k IN ('kept', 'dropped')`)
    expect(rows).toEqual([{ k: 'kept' }])
  })

  it.skipIf(!available)("runs an adopted transaction client's statements in the caller's transaction", async () => {
    await expect(
      prisma.$transaction(async (tx) => {
        const adopted = executor.adopt?.(tx)
        expect(adopted).toBeTruthy()
        await adopted!.query(`INSERT INTO probe (k, n) VALUES (${p(1)}, 0)`, ['in-user-tx'])
        throw new Error('user rollback')
      }),
    ).rejects.toThrow('user rollback')
    expect((await executor.query(`SELECT k FROM probe WHERE k = 'in-user-tx'`)).rows).toEqual([])
  })

  it.skipIf(!available)('refuses the root PrismaClient as a transaction, and ignores unknown values', () => {
    expect(() => executor.adopt?.(prisma)).toThrow(PrismaStoreError)
    expect(executor.adopt?.({ not: 'a transaction' })).toBeNull()
  })

  it.skipIf(!available)("surfaces a unique violation with the database's own code", async () => {
    const error = await executor.query(`INSERT INTO probe (k, n) VALUES ('a', 0)`).catch((e: unknown) => e)
    expect(['23505', '1062', 'SQLITE_CONSTRAINT_UNIQUE']).toContain((error as { code?: string }).code)
  })

  it.runIf(available && engine === 'sqlite')("keeps store statements out of the user's open transaction on SQLite's one connection", async () => {
    const order: string[] = []
    let storeRead: Promise<unknown> | undefined
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO probe (k, n) VALUES ('uncommitted', 0)`)
      storeRead = executor.query(`UPDATE probe SET n = 1 WHERE k = 'uncommitted'`).then((r) => {
        order.push('store write')
        return r.affected
      })
      await new Promise((resolve) => setTimeout(resolve, 30))
      order.push('user commit')
    })
    expect(await storeRead).toBe(1)
    expect(order).toEqual(['user commit', 'store write'])
  })
})
