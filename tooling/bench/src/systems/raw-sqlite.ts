/**
 * The reference loop on SQLite: better-sqlite3, WAL, synchronous=FULL (every commit durable).
 * One loop claims 100 jobs per `BEGIN IMMEDIATE; UPDATE … RETURNING; COMMIT` and completes them in one
 * more transaction. Idle loops are woken in process by the enqueue (SQLite has no push).
 */
import Database from 'better-sqlite3'
import { tempDbFile } from '../harness/tmp.js'
import type { BenchJob, System, SystemSpec, WorkOptions } from './system.js'

function rawSqlite(batch: number): System {
  const { file, remove } = tempDbFile('raw-sqlite')
  let db: Database.Database
  let running = false
  let loopDone: Promise<void> = Promise.resolve()
  let wake: (() => void) | undefined

  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, 1000)
      wake = () => {
        clearTimeout(timer)
        wake = undefined
        resolve()
      }
    })

  async function loop(onJob: WorkOptions['onJob'], concurrency: number): Promise<void> {
    const claim = db.prepare(`update jobs set state = 'active', attempts = attempts + 1, locked_until = unixepoch('subsec') * 1000 + 30000
      where id in (select id from jobs where state = 'ready' and run_at <= unixepoch('subsec') * 1000
                   order by priority desc, run_at, id limit ?) returning id, payload`)
    const complete = db.prepare(`update jobs set state = 'completed', finished_at = unixepoch('subsec') * 1000, locked_until = null
      where id in (select value from json_each(?))`)
    const claimTx = db.transaction((n: number) => claim.all(n) as { id: number; payload: string }[])
    while (running) {
      const rows = claimTx.immediate(batch)
      if (rows.length === 0) {
        await idle()
        continue
      }
      for (let k = 0; k < rows.length; k += concurrency) {
        await Promise.all(rows.slice(k, k + concurrency).map(async (row) => onJob(JSON.parse(row.payload) as BenchJob)))
      }
      complete.run(JSON.stringify(rows.map((r) => r.id)))
    }
  }

  return {
    async setup() {
      db = new Database(file)
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      db.pragma('busy_timeout = 5000')
      db.exec(`create table jobs (
        id integer primary key, queue text not null default 'default', payload text not null,
        state text not null default 'ready', priority integer not null default 500,
        run_at integer not null default (unixepoch('subsec') * 1000), attempts integer not null default 0,
        locked_until integer, created_at integer not null default (unixepoch('subsec') * 1000), finished_at integer);
        create index jobs_claim on jobs (priority desc, run_at, id) where state = 'ready';`)
    },
    async teardown() {
      await this.stopWorkers()
      db.close()
      remove()
    },
    async enqueueMany(jobs) {
      const insert = db.prepare('insert into jobs (payload) values (?)')
      db.transaction(() => {
        for (const job of jobs) insert.run(JSON.stringify(job))
      }).immediate()
      wake?.()
    },
    async enqueueOne(job) {
      db.prepare('insert into jobs (payload) values (?)').run(JSON.stringify(job))
      wake?.()
    },
    async startWorkers({ concurrency, onJob }) {
      running = true
      loopDone = loop(onJob, concurrency)
    },
    async stopWorkers() {
      if (!running) return
      running = false
      wake?.()
      await loopDone
    },
    async unfinished() {
      return (db.prepare(`select count(*) as n from jobs where state in ('ready', 'active')`).get() as { n: number }).n
    },
    async seedFinished(n) {
      db.prepare(`with recursive g(x) as (select 1 union all select x + 1 from g where x < ?)
        insert into jobs (payload, state, attempts, finished_at)
        select json_object('i', x, 't', 0), 'completed', 1, unixepoch() * 1000 from g`).run(n)
    },
  }
}

export const rawSqliteSpec: SystemSpec = {
  name: 'raw-sqlite-b100',
  backend: 'sqlite',
  settings: 'plain better-sqlite3, WAL, synchronous=FULL, BEGIN IMMEDIATE; UPDATE … RETURNING, batch 100',
  quick: true,
  available: async () => null,
  create: () => rawSqlite(100),
}
