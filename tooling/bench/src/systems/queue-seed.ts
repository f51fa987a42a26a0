/**
 * Fills a @queue store with finished jobs for the sustained scenario. One job goes through the port
 * (inserted, claimed, completed), so the row is exactly what the store writes; SQL then copies that
 * row n times, which takes seconds for a million rows where the port would take minutes.
 */
import Database from 'better-sqlite3'
import { pgExec } from '../harness/pg.js'
import { mysqlExec } from '../harness/mysql.js'
import type { OpenedStore } from './queue.js'

interface PortStore {
  insert(p: { jobs: unknown[] }): Promise<{ job: { id: string } }[]>
  claim(p: { workerId: string; limit: number; leaseMs: number }): Promise<{ id: string; lease: unknown }[]>
  settle(p: { outcomes: unknown[] }): Promise<unknown>
}

const TABLE = 'queue_jobs'

async function oneFinishedJob(opened: OpenedStore): Promise<string> {
  const store = opened.store as unknown as PortStore
  const newJob = {
    name: 'seed', queue: 'seed', payload: { i: 0, t: 0 }, priority: 500, runAt: new Date(0), maxAttempts: 1,
    backoff: { type: 'fixed', delayMs: 1000 }, timeoutMs: null, groupKey: null, uniqueKey: null,
  }
  await store.insert({ jobs: [newJob] })
  const [leased] = await store.claim({ workerId: 'seed', limit: 1, leaseMs: 60_000 })
  if (!leased) throw new Error('seed job could not be claimed')
  await store.settle({ outcomes: [{ type: 'complete', lease: leased.lease, result: null }] })
  return leased.id
}

export async function seedFinishedJobs(opened: OpenedStore, n: number): Promise<void> {
  const id = await oneFinishedJob(opened)
  const { backend, schema, file, database } = opened.location
  if (backend === 'postgres') {
    const { rows } = await pgExec(
      `select column_name from information_schema.columns where table_schema = $1 and table_name = $2 and is_identity = 'NO' and is_generated = 'NEVER' order by ordinal_position`,
      [schema, TABLE],
    )
    const columns = rows.map((r) => `"${r.column_name as string}"`).join(', ')
    await pgExec(`insert into "${schema}".${TABLE} (${columns}) select ${columns} from "${schema}".${TABLE}, generate_series(1, $1) where id = $2`, [n - 1, id])
    await pgExec(`analyze "${schema}".${TABLE}`)
    return
  }
  if (backend === 'sqlite') {
    const db = new Database(file!)
    try {
      db.pragma('busy_timeout = 10000')
      const columns = (db.prepare(`select name, pk, hidden from pragma_table_xinfo('${TABLE}')`).all() as { name: string; pk: number; hidden: number }[])
        .filter((c) => c.pk === 0 && c.hidden === 0)
        .map((c) => `"${c.name}"`)
        .join(', ')
      db.prepare(`with recursive g(x) as (select 1 union all select x + 1 from g where x < ?)
        insert into ${TABLE} (${columns}) select ${columns} from ${TABLE}, g where id = ?`).run(n - 1, Number(id))
      db.exec('analyze')
    } finally {
      db.close()
    }
    return
  }
  if (backend === 'mysql') {
    const rows = (await mysqlExec(
      `select column_name as c from information_schema.columns where table_schema = ? and table_name = ? and extra not like '%auto_increment%' and extra not like '%GENERATED%' order by ordinal_position`,
      [database, TABLE],
    )) as { c: string }[]
    const columns = rows.map((r) => `\`${r.c}\``).join(', ')
    // MariaDB's sequence engine: seq_1_to_N is a table of N rows.
    await mysqlExec(`insert into \`${database}\`.${TABLE} (${columns}) select ${columns.split(', ').map((c) => `j.${c}`).join(', ')} from \`${database}\`.${TABLE} j, seq_1_to_${n - 1} s where j.id = ?`, [Number(id)])
    await mysqlExec(`analyze table \`${database}\`.${TABLE}`)
    return
  }
  throw new Error(`no finished-job seed for ${backend}`)
}
