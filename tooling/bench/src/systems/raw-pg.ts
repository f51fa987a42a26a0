/**
 * The reference loop on PostgreSQL: one table, a partial index on unfinished rows, claim with
 * `FOR UPDATE SKIP LOCKED` and complete with one UPDATE per batch, each its own commit. It is what
 * the database allows on this machine, not a queue: no retries, no groups, no leases renewed.
 * Batch 1: `concurrency` loops, each claims and completes one job per commit (2 commits per job).
 * Batch 100: two loops (so one claims while the other completes), 100 jobs per commit.
 */
import pg from 'pg'
import { PG_URL, suffix } from '../harness/env.js'
import { dropSchema, pgReachable } from '../harness/pg.js'
import type { BenchJob, System, SystemSpec, WorkOptions } from './system.js'

function rawPg(batch: number, asyncClaim = false): System {
  const schema = `bench_raw_${suffix()}`
  const table = `"${schema}".jobs`
  let pool: pg.Pool
  /** The claim's connections; with `asyncClaim` their commits do not wait for the WAL flush. */
  let claimPool: pg.Pool
  let listener: pg.Client | undefined
  let running = false
  let loops: Promise<void>[] = []
  let wake: (() => void)[] = []

  const wakeAll = (): void => {
    const waiting = wake
    wake = []
    for (const resolve of waiting) resolve()
  }
  /** Idle loops sleep until a NOTIFY arrives, or 1 s at most (the poll fallback). */
  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, 1000)
      wake.push(() => {
        clearTimeout(timer)
        resolve()
      })
    })

  const claimSql = `with c as (
      select id from ${table} where state = 'ready' and run_at <= now()
      order by priority desc, run_at, id limit $1 for update skip locked)
    update ${table} j set state = 'active', attempts = j.attempts + 1, locked_until = now() + interval '30 seconds'
    from c where j.id = c.id returning j.id, j.payload`

  async function loop(onJob: WorkOptions['onJob'], concurrency: number): Promise<void> {
    while (running) {
      const { rows } = await claimPool.query<{ id: string; payload: BenchJob }>({ name: `claim`, text: claimSql, values: [batch] })
      if (rows.length === 0) {
        await idle()
        continue
      }
      // Run the batch's handlers at most `concurrency` at a time (no-op handlers: effectively at once).
      for (let k = 0; k < rows.length; k += concurrency) {
        await Promise.all(rows.slice(k, k + concurrency).map(async (row) => onJob(row.payload)))
      }
      await pool.query({
        name: 'complete',
        text: `update ${table} set state = 'completed', finished_at = now(), locked_until = null where id = any($1::bigint[])`,
        values: [rows.map((r) => r.id)],
      })
    }
  }

  return {
    async setup() {
      pool = new pg.Pool({ connectionString: PG_URL, max: 12 })
      claimPool = asyncClaim ? new pg.Pool({ connectionString: PG_URL, max: 12, options: '-c synchronous_commit=off' }) : pool
      await pool.query(`create schema "${schema}"`)
      await pool.query(`create table ${table} (
        id bigserial primary key, queue text not null default 'default', payload jsonb not null,
        state text not null default 'ready', priority int not null default 500,
        run_at timestamptz not null default now(), attempts int not null default 0,
        locked_until timestamptz, created_at timestamptz not null default now(), finished_at timestamptz)`)
      await pool.query(`create index on ${table} (priority desc, run_at, id) where state = 'ready'`)
    },
    async teardown() {
      await this.stopWorkers()
      await pool.end()
      if (claimPool !== pool) await claimPool.end()
      await dropSchema(schema)
    },
    async enqueueMany(jobs) {
      // One statement for the whole batch: the array becomes rows server side.
      await pool.query(
        `with i as (insert into ${table} (payload) select * from unnest($1::jsonb[]) returning 1) select pg_notify('${schema}', '')`,
        [jobs.map((j) => JSON.stringify(j))],
      )
    },
    async enqueueOne(job) {
      await pool.query({
        name: 'insert-one',
        text: `with i as (insert into ${table} (payload) values ($1) returning 1) select pg_notify('${schema}', '')`,
        values: [JSON.stringify(job)],
      })
    },
    async startWorkers({ concurrency, onJob }) {
      listener = new pg.Client({ connectionString: PG_URL })
      await listener.connect()
      listener.on('notification', wakeAll)
      await listener.query(`listen "${schema}"`)
      running = true
      const count = batch === 1 ? concurrency : 2
      loops = Array.from({ length: count }, () => loop(onJob, concurrency))
    },
    async stopWorkers() {
      if (!running) return
      running = false
      wakeAll()
      await Promise.all(loops)
      await listener?.end()
      listener = undefined
    },
    async unfinished() {
      const { rows } = await pool.query(`select count(*)::int as n from ${table} where state in ('ready', 'active')`)
      return rows[0].n as number
    },
    async seedFinished(n) {
      await pool.query(
        `insert into ${table} (payload, state, attempts, finished_at)
         select jsonb_build_object('i', g, 't', 0), 'completed', 1, now() from generate_series(1, $1) g`,
        [n],
      )
      await pool.query(`analyze ${table}`)
    },
  }
}

export const rawPgSpecs: SystemSpec[] = [
  ...[1, 100].map((batch) => ({
    name: `raw-pg-b${batch}`,
    backend: 'postgres' as const,
    settings: `plain pg, FOR UPDATE SKIP LOCKED, batch ${batch}, LISTEN/NOTIFY`,
    quick: true,
    available: pgReachable,
    create: () => rawPg(batch),
  })),
  // Experiments for docs/benchmarks.md: a lost claim commit only means the job runs again, which a
  // crash means anyway, so a claim need not wait for the disk; completions stay synchronous.
  ...[1, 100].map((batch) => ({
    name: `raw-pg-b${batch}-async-claim`,
    backend: 'postgres' as const,
    settings: `plain pg, batch ${batch}, claims with synchronous_commit=off, completions durable`,
    optIn: true,
    available: pgReachable,
    create: () => rawPg(batch, true),
  })),
]
