/**
 * The CLI on the real PostgreSQL and MariaDB services: `--db` URLs, `--table-prefix` isolation,
 * migrate, process and stats. Each run uses its own table prefix and drops its tables afterwards.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { Queue } from '@queue/core'
import { mysqlStore } from '@queue/sql/mysql'
import { postgresStore } from '@queue/sql/postgres'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Io } from '../src/commands/command.js'
import { main } from '../src/main.js'
import { echoServer, until } from './harness.js'

const PG_URL = process.env.QUEUE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test'
const MYSQL_URL = process.env.QUEUE_TEST_MYSQL ?? 'mysql://root@127.0.0.1:3306/test'

async function reachable(connect: () => Promise<unknown>, name: string): Promise<boolean> {
  try {
    await connect()
    return true
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`${name} is required in CI: ${(error as Error).message}`)
    console.warn(`\n!!! SKIPPING the ${name} CLI tests: ${name} is unreachable (${(error as Error).message}) !!!\n`)
    return false
  }
}

const pgUp = await reachable(async () => {
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  await client.end()
}, 'PostgreSQL')
const mysqlUp = await reachable(async () => {
  const connection = await mysql.createConnection({ uri: MYSQL_URL })
  await connection.end()
}, 'MariaDB')

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c: Buffer) => (out += c.toString()))
  stderr.on('data', (c: Buffer) => (err += c.toString()))
  const io: Io = { stdout, stderr, env: {}, cwd: process.cwd(), shutdown: new Promise(() => {}) }
  return { code: await main(argv, io), out, err }
}

let echo: Awaited<ReturnType<typeof echoServer>>
beforeAll(async () => {
  echo = await echoServer()
})
afterAll(async () => echo.close())

const cases = [
  {
    name: 'PostgreSQL',
    up: pgUp,
    // Its own schema, through libpq's `options` (search_path), so dropping it removes everything.
    url: (tablePrefix: string) => `${PG_URL}?options=${encodeURIComponent(`-c search_path=${tablePrefix}schema`)}`,
    create: async (tablePrefix: string) => {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`CREATE SCHEMA "${tablePrefix}schema"`)
      await client.end()
    },
    open: (tablePrefix: string) => postgresStore({ connectionString: PG_URL, schema: `${tablePrefix}schema`, tablePrefix }),
    drop: async (tablePrefix: string) => {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS "${tablePrefix}schema" CASCADE`)
      await client.end()
    },
  },
  {
    name: 'MariaDB',
    up: mysqlUp,
    url: () => MYSQL_URL,
    create: async () => {},
    open: (tablePrefix: string) => mysqlStore({ uri: MYSQL_URL, tablePrefix }),
    drop: async (tablePrefix: string) => {
      const connection = await mysql.createConnection({ uri: MYSQL_URL })
      await connection.query(`DROP TABLE IF EXISTS \`${tablePrefix}jobs\`, \`${tablePrefix}migrations\``)
      await connection.end()
    },
  },
]

for (const db of cases) {
  describe.skipIf(!db.up)(`the CLI on ${db.name}`, () => {
    const prefix = `qcli_${randomBytes(4).toString('hex')}_`
    beforeAll(async () => db.create(prefix))
    afterAll(async () => db.drop(prefix))

    it('migrates, processes seed 001 http jobs and reports stats', async () => {
      const args = ['--db', db.url(prefix), '--table-prefix', prefix]
      expect(await run(['migrate', ...args])).toMatchObject({ code: 0, err: '' })
      const store = db.open(prefix)
      const queue = new Queue({ store })
      await queue.addMany([1, 2, 3].map((n) => ({ name: 'http', payload: { command: { type: 'http', url: `${echo.url}/${prefix}${n}`, method: 'GET' } } })))
      await store.close()

      const processed = await run(['process', ...args])
      expect(processed.err).toBe('')
      expect(processed).toMatchObject({ code: 0, out: 'processed 3 jobs (3 completed, 0 failed)\n' })
      expect(echo.received.filter((r) => r.url.startsWith(`/${prefix}`))).toHaveLength(3)

      const stats = await run(['stats', '--json', ...args])
      expect(JSON.parse(stats.out).total).toMatchObject({ completed: 3, ready: 0 })
    })

    it('refuses a second queue process on another machine through the database lock', async () => {
      const args = ['--db', db.url(prefix), '--table-prefix', prefix]
      const store = db.open(prefix)
      await new Queue({ store }).add('http', { command: { type: 'http', url: `${echo.url}/slow?ms=1000&lock=${prefix}`, method: 'GET' } })
      await store.close()
      // Two lock dirs stand for two machines: only the database lock can see the other run.
      const hostA = mkdtempSync(join(tmpdir(), 'queue-host-a-'))
      const hostB = mkdtempSync(join(tmpdir(), 'queue-host-b-'))
      try {
        const first = run(['process', ...args, '--lock-dir', hostA])
        await until(() => echo.arrived.some((url) => url.includes(`lock=${prefix}`)), 'the first run to start')
        const second = await run(['process', ...args, '--lock-dir', hostB])
        expect(second).toMatchObject({ code: 1, err: 'queue process: already running against this database (another process holds its lock)\n' })
        expect(await first).toMatchObject({ code: 0, out: 'processed 1 job (1 completed, 0 failed)\n' })
        expect((await run(['process', ...args, '--lock-dir', hostB])).code).toBe(0)
      } finally {
        rmSync(hostA, { recursive: true, force: true })
        rmSync(hostB, { recursive: true, force: true })
      }
    })
  })
}
