import type { Executor } from '@queue/sql'
import type { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, engineAvailable, ENGINES, type TestDatabase } from '../../test/databases.js'
import { SqliteBusyError, TypeormStoreError } from '../errors.js'
import { typeormExecutor } from './index.js'

const DDL = {
  postgres: 'CREATE TABLE probe (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, k TEXT UNIQUE, n BIGINT)',
  mariadb: 'CREATE TABLE probe (id BIGINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(50) UNIQUE, n BIGINT)',
  sqlite: 'CREATE TABLE probe (id INTEGER PRIMARY KEY, k TEXT UNIQUE, n INTEGER)',
}

describe.each(ENGINES)('typeormExecutor on %s', async (engine) => {
  const available = await engineAvailable(engine)
  const p = (i: number) => (engine === 'postgres' ? `$${i}` : '?')
  let db: TestDatabase
  let dataSource: DataSource
  let executor: Executor

  beforeAll(async () => {
    if (!available) return
    db = await createTestDatabase(engine)
    dataSource = await db.open()
    executor = typeormExecutor(dataSource)
    await dataSource.query(DDL[engine])
  })
  afterAll(async () => {
    if (!available) return
    await executor.close?.()
    await dataSource.destroy()
    await db.drop()
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

  it.skipIf(!available)("runs an adopted EntityManager's statements in the caller's transaction", async () => {
    await expect(
      dataSource.transaction(async (em) => {
        const adopted = executor.adopt?.(em)
        expect(adopted).toBeTruthy()
        await adopted!.query(`INSERT INTO probe (k, n) VALUES (${p(1)}, 0)`, ['in-user-tx'])
        throw new Error('user rollback')
      }),
    ).rejects.toThrow('user rollback')
    expect((await executor.query(`SELECT k FROM probe WHERE k = 'in-user-tx'`)).rows).toEqual([])
  })

  it.skipIf(!available)('runs on a QueryRunner inside startTransaction() as well', async () => {
    const runner = dataSource.createQueryRunner()
    await runner.startTransaction()
    try {
      await executor.adopt!(runner)!.query(`INSERT INTO probe (k, n) VALUES (${p(1)}, 0)`, ['via-runner'])
    } finally {
      await runner.rollbackTransaction()
      if (engine !== 'sqlite') await runner.release() // sqlite's one runner is the DataSource's own
    }
    expect((await executor.query(`SELECT k FROM probe WHERE k = 'via-runner'`)).rows).toEqual([])
  })

  it.skipIf(!available)("refuses a manager outside any transaction or of another DataSource, and ignores unknown values", async () => {
    expect(() => executor.adopt?.(dataSource.manager)).toThrow(TypeormStoreError)
    expect(executor.adopt?.({ not: 'a transaction' })).toBeNull()
    const other = await db.open()
    try {
      await other.transaction(async (em) => {
        expect(() => executor.adopt?.(em)).toThrow(/another DataSource/)
      })
    } finally {
      await other.destroy()
    }
  })

  it.skipIf(!available)("rethrows a unique violation as the driver's own error", async () => {
    const error = await executor.query(`INSERT INTO probe (k, n) VALUES ('a', 0)`).catch((e: unknown) => e)
    const code = (error as { code?: string }).code
    expect(['23505', 'ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_UNIQUE']).toContain(code)
  })

  it.runIf(available && engine === 'sqlite')("waits for the user's open transaction on TypeORM's single SQLite connection", async () => {
    const order: string[] = []
    let storeRead: Promise<unknown> | undefined
    await dataSource.transaction(async (em) => {
      await em.query(`INSERT INTO probe (k, n) VALUES ('uncommitted', 0)`)
      storeRead = executor.query(`SELECT k FROM probe WHERE k = 'uncommitted'`).then((r) => {
        order.push('store read')
        return r.rows
      })
      await new Promise((resolve) => setTimeout(resolve, 30))
      order.push('user commit')
    })
    expect(await storeRead).toEqual([{ k: 'uncommitted' }])
    expect(order).toEqual(['user commit', 'store read'])
  })

  it.runIf(available && engine === 'sqlite')('holds a user transaction back until a store transaction commits', async () => {
    const order: string[] = []
    let userTx: Promise<void> | undefined
    await executor.transaction(async (tx) => {
      userTx = dataSource.transaction(async (em) => {
        order.push('user tx')
        await em.query(`SELECT 1`)
      })
      await new Promise((resolve) => setTimeout(resolve, 30))
      await tx.query(`INSERT INTO probe (k, n) VALUES ('store-tx', 0)`)
      order.push('store commit')
    })
    await userTx
    expect(order).toEqual(['store commit', 'user tx'])
  })

  it.runIf(available && engine === 'sqlite')('gives up with SqliteBusyError when a user transaction never ends', async () => {
    const impatient = typeormExecutor(dataSource, { busyTimeoutMs: 50 })
    try {
      await dataSource.transaction(async () => {
        await expect(impatient.query('SELECT 1')).rejects.toBeInstanceOf(SqliteBusyError)
      })
    } finally {
      await impatient.close?.()
    }
  })
})
