/**
 * A quick drain measurement, not a test: N pre-enqueued jobs drained through claim(limit 100) +
 * settle batches, next to the raw reference loops of DESIGN.md ("Performance"). The full harness
 * is tooling/bench; this exists to check a design choice in a minute.
 *
 *   node --conditions=source --import jiti/register bench/drain.ts [N] [pg|sqlite|mysql|all]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { JobStore, NewJob } from '@queue/core'
import type { SqlJobStore } from '../src/store/sql-store.js'
import { postgresStore } from '../src/postgres/index.js'
import { sqliteStore } from '../src/sqlite/index.js'
import { mysqlStore } from '../src/mysql/index.js'

const N = Number(process.argv[2] ?? 20_000)
const which = process.argv[3] ?? 'all'
const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const MYSQL_URL = process.env.QUEUE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
const LOOPS = Number(process.env.LOOPS ?? 2)
const ROUNDS = Number(process.env.ROUNDS ?? 3)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

function newJob(i: number): NewJob {
  return {
    name: 'noop', queue: 'default', payload: { i, t: 0 }, priority: 500, runAt: new Date(0), maxAttempts: 25,
    backoff: { type: 'exponential', baseMs: 1000, maxMs: 960_000, jitter: true }, timeoutMs: null, groupKey: null, uniqueKey: null,
  }
}

async function fill(store: JobStore): Promise<void> {
  for (let i = 0; i < N; i += 1000) await store.insert({ jobs: Array.from({ length: Math.min(1000, N - i) }, (_, k) => newJob(i + k)) })
}

/** FOLD=1: settle each batch in the same commit as the next claim (`settleAndClaim`). */
const FOLD = process.env.FOLD === '1'

async function drainStore(store: SqlJobStore): Promise<number> {
  await fill(store)
  const started = performance.now()
  let done = 0
  await Promise.all(
    Array.from({ length: LOOPS }, async (_, w) => {
      const claim = { workerId: `w${w}`, limit: 100, leaseMs: 30_000 }
      let jobs = await store.claim(claim)
      while (jobs.length > 0) {
        const outcomes = jobs.map((job) => ({ type: 'complete' as const, lease: job.lease, result: null }))
        done += jobs.length
        if (FOLD) jobs = (await store.settleAndClaim({ outcomes, claim })).claimed
        else {
          await store.settle({ outcomes })
          jobs = await store.claim(claim)
        }
      }
    }),
  )
  if (done !== N) throw new Error(`drained ${done} of ${N}`)
  return N / ((performance.now() - started) / 1000)
}

async function enqueueOneByOne(store: JobStore, count: number): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < count; i++) await store.insert({ jobs: [newJob(i)] })
  return count / ((performance.now() - started) / 1000)
}

async function rawPg(): Promise<{ drain: number; one: number }> {
  const schema = `bench_raw_${process.pid}`
  const pool = new pg.Pool({ connectionString: PG_URL, max: 4 })
  const t = `"${schema}".jobs`
  await pool.query(`drop schema if exists "${schema}" cascade`)
  await pool.query(`create schema "${schema}"`)
  await pool.query(`create table ${t} (id bigserial primary key, queue text not null default 'default', payload jsonb not null,
    state text not null default 'ready', priority int not null default 500, run_at timestamptz not null default now(),
    attempts int not null default 0, locked_until timestamptz, created_at timestamptz not null default now(), finished_at timestamptz)`)
  await pool.query(`create index on ${t} (priority desc, run_at, id) where state = 'ready'`)
  for (let i = 0; i < N; i += 1000) {
    await pool.query(`insert into ${t} (payload) select * from unnest($1::jsonb[])`, [Array.from({ length: Math.min(1000, N - i) }, (_, k) => JSON.stringify({ i: i + k }))])
  }
  const claim = `with c as (select id from ${t} where state = 'ready' and run_at <= now() order by priority desc, run_at, id limit $1 for update skip locked)
    update ${t} j set state = 'active', attempts = j.attempts + 1, locked_until = now() + interval '30 seconds' from c where j.id = c.id returning j.id, j.payload`
  const started = performance.now()
  await Promise.all(
    Array.from({ length: LOOPS }, async () => {
      for (;;) {
        const { rows } = await pool.query({ name: 'claim', text: claim, values: [100] })
        if (rows.length === 0) return
        await pool.query({ name: 'complete', text: `update ${t} set state = 'completed', finished_at = now(), locked_until = null where id = any($1::bigint[])`, values: [rows.map((r) => r.id)] })
      }
    }),
  )
  const drain = N / ((performance.now() - started) / 1000)
  const oneStarted = performance.now()
  const ONE = 1000
  for (let i = 0; i < ONE; i++) await pool.query({ name: 'one', text: `with i as (insert into ${t} (payload) values ($1) returning 1) select pg_notify('${schema}', '')`, values: [JSON.stringify({ i })] })
  const one = ONE / ((performance.now() - oneStarted) / 1000)
  await pool.query(`drop schema "${schema}" cascade`)
  await pool.end()
  return { drain, one }
}

function rawSqlite(file: string): number {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${process.env.SYNC ?? 'FULL'}`)
  db.exec(`create table jobs (id integer primary key, queue text not null default 'default', payload text not null,
    state text not null default 'ready', priority integer not null default 500, run_at integer not null default (unixepoch('subsec') * 1000),
    attempts integer not null default 0, locked_until integer, created_at integer not null default (unixepoch('subsec') * 1000), finished_at integer);
    create index jobs_claim on jobs (priority desc, run_at, id) where state = 'ready';`)
  const insert = db.prepare('insert into jobs (payload) values (?)')
  db.transaction(() => {
    for (let i = 0; i < N; i++) insert.run(JSON.stringify({ i }))
  }).immediate()
  const claim = db.prepare(`update jobs set state = 'active', attempts = attempts + 1, locked_until = unixepoch('subsec') * 1000 + 30000
    where id in (select id from jobs where state = 'ready' and run_at <= unixepoch('subsec') * 1000 order by priority desc, run_at, id limit ?) returning id, payload`)
  const complete = db.prepare(`update jobs set state = 'completed', finished_at = unixepoch('subsec') * 1000, locked_until = null where id in (select value from json_each(?))`)
  const claimTx = db.transaction((n: number) => claim.all(n) as { id: number }[])
  const started = performance.now()
  for (;;) {
    const rows = claimTx.immediate(100)
    if (rows.length === 0) break
    complete.run(JSON.stringify(rows.map((r) => r.id)))
  }
  const rate = N / ((performance.now() - started) / 1000)
  db.close()
  return rate
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')

/** Alternates the two systems ROUNDS times, so machine drift hits both alike; reports medians. */
async function alternate(a: () => Promise<number>, b: () => Promise<number>): Promise<[number, number]> {
  const as: number[] = []
  const bs: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    as.push(await a())
    bs.push(await b())
  }
  return [median(as), median(bs)]
}

if (which === 'all' || which === 'pg') {
  const ones: [number, number][] = []
  const [drain, raw] = await alternate(
    async () => {
      const schema = `bench_sql_${process.pid}`
      const store = postgresStore({ connectionString: PG_URL, schema, max: 4 })
      await store.migrate()
      const rate = await drainStore(store)
      const one = await enqueueOneByOne(store, 1000)
      await store.close()
      const admin = new pg.Client({ connectionString: PG_URL })
      await admin.connect()
      await admin.query(`drop schema "${schema}" cascade`)
      await admin.end()
      ones.push([one, 0])
      return rate
    },
    async () => {
      const r = await rawPg()
      ones[ones.length - 1]![1] = r.one
      return r.drain
    },
  )
  const one = median(ones.map((o) => o[0]))
  const rawOne = median(ones.map((o) => o[1]))
  console.log(`postgres drain: @queue/sql ${fmt(drain)} jobs/s, raw b100 ${fmt(raw)} jobs/s, ratio ${(drain / raw).toFixed(2)}`)
  console.log(`postgres one-by-one enqueue: @queue/sql ${fmt(one)} jobs/s, raw INSERT ${fmt(rawOne)} jobs/s, ratio ${(one / rawOne).toFixed(2)}`)
}
if (which === 'all' || which === 'sqlite') {
  const dir = mkdtempSync(join(tmpdir(), 'queue-bench-'))
  let round = 0
  try {
    const [drain, raw] = await alternate(
      async () => {
        const store = sqliteStore({ filename: join(dir, `store-${round}.db`), ...(process.env.SYNC === 'NORMAL' ? { synchronous: 'NORMAL' as const } : {}) })
        const rate = await drainStore(store)
        await store.close()
        return rate
      },
      async () => rawSqlite(join(dir, `raw-${round++}.db`)),
    )
    console.log(`sqlite drain: @queue/sql ${fmt(drain)} jobs/s, raw b100 ${fmt(raw)} jobs/s, ratio ${(drain / raw).toFixed(2)}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
if (which === 'all' || which === 'mysql') {
  const mysql = (await import('mysql2/promise')).default
  const admin = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 1 })
  const database = `bench_sql_${process.pid}`
  await admin.query(`create database \`${database}\``)
  const store = mysqlStore({ uri: MYSQL_URL.replace(/\/[^/]*$/, `/${database}`), connectionLimit: 4 })
  await store.migrate()
  const drain = await drainStore(store)
  await store.close()
  await admin.query(`drop database \`${database}\``)
  await admin.end()
  console.log(`mysql drain: @queue/sql ${fmt(drain)} jobs/s`)
}
