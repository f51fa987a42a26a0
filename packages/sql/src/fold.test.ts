import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import pg from 'pg'
import { newJob } from '@queue/core/testing'
import { describe, expect, it } from 'vitest'
import { MYSQL_URL, PG_URL, reachable, suffix } from '../test/support.js'
import { mysqlStore } from './mysql/index.js'
import { postgresStore } from './postgres/index.js'
import { sqliteStore } from './sqlite/index.js'
import type { SqlJobStore } from './store/sql-store.js'

interface Target {
  name: string
  up: () => Promise<boolean>
  open: () => Promise<{ store: SqlJobStore; drop: () => Promise<void> }>
}

const targets: Target[] = [
  {
    name: 'sqlite',
    up: async () => true,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'queue-fold-'))
      return { store: sqliteStore({ filename: join(dir, 'jobs.db') }), drop: async () => rmSync(dir, { recursive: true, force: true }) }
    },
  },
  {
    name: 'postgres',
    up: () => reachable('127.0.0.1', 5432),
    open: async () => {
      const schema = `queue_fold_${suffix()}`
      return {
        store: postgresStore({ connectionString: PG_URL, schema }),
        drop: async () => {
          const admin = new pg.Client({ connectionString: PG_URL })
          await admin.connect()
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
          await admin.end()
        },
      }
    },
  },
  {
    name: 'mysql',
    up: () => reachable('127.0.0.1', 3306),
    open: async () => {
      const database = `queue_fold_${suffix()}`
      const admin = await mysql.createConnection({ uri: MYSQL_URL })
      await admin.query(`CREATE DATABASE \`${database}\``)
      return {
        store: mysqlStore({ uri: MYSQL_URL.replace(/\/[^/]*$/, `/${database}`) }),
        drop: async () => {
          await admin.query(`DROP DATABASE IF EXISTS \`${database}\``)
          await admin.end()
        },
      }
    },
  },
]

const T0 = new Date('2030-01-01T00:00:00.000Z')
const claim = { workerId: 'w', limit: 2, leaseMs: 30_000, now: new Date(T0.getTime() + 1000) }

describe.each(targets)('settleAndClaim on $name', (target) => {
  it('settles one batch and leases the next in one call, fenced like settle', async (ctx) => {
    if (!(await target.up())) {
      if (process.env.CI === 'true') throw new Error(`${target.name} is not reachable (CI=true)`)
      console.warn(`\n!!! ${target.name} is not reachable: SKIPPING !!!\n`)
      return ctx.skip()
    }
    const { store, drop } = await target.open()
    try {
      await store.insert({ jobs: [0, 1, 2, 3].map((i) => newJob({ runAt: T0, name: `job-${i}` })), now: T0 })
      const first = await store.claim(claim)
      expect(first.map((job) => job.name)).toEqual(['job-0', 'job-1'])
      const { settled, claimed } = await store.settleAndClaim({
        outcomes: [
          { type: 'complete', lease: first[0]!.lease, result: 'done' },
          { type: 'complete', lease: { id: first[1]!.id, token: 'forged' }, result: 'nope' },
          { type: 'fail', lease: first[1]!.lease, error: 'boom' },
        ],
        claim,
      })
      expect(settled).toEqual([
        { id: first[0]!.id, ok: true },
        { id: first[1]!.id, ok: false },
        { id: first[1]!.id, ok: true },
      ])
      expect(claimed.map((job) => job.name)).toEqual(['job-2', 'job-3'])
      expect(await store.get({ id: first[0]!.id })).toMatchObject({ state: 'completed', result: 'done' })
      expect(await store.get({ id: first[1]!.id })).toMatchObject({ state: 'failed', lastError: 'boom' })
      const { settled: last, claimed: none } = await store.settleAndClaim({ outcomes: claimed.map((job) => ({ type: 'complete', lease: job.lease, result: null })), claim })
      expect(last.every((r) => r.ok)).toBe(true)
      expect(none).toEqual([])
      expect(await store.counts({ now: claim.now })).toMatchObject({ completed: 3, failed: 1, active: 0 })
    } finally {
      await store.close()
      await drop()
    }
  })
})
