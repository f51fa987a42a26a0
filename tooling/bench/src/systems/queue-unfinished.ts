/**
 * How many jobs a @queue store still holds unfinished, read straight from its tables down its own
 * indexes (PostgreSQL: its `ready` and `claims` tables; SQLite: the claim and lease indexes),
 * as the raw loops read theirs. `store.counts()` scans every row, finished ones included: ~5 ms over
 * the drain's 20,000 jobs on either database, paid at every poll of the drain's end (once or twice,
 * 2-3% of a 300 ms drain) by @queue alone (docs/benchmarks.md, session 11).
 */
import { CLAIMABLE_STATES } from '@queue/core'
import Database from 'better-sqlite3'
import pg from 'pg'
import { PG_URL } from '../harness/env.js'
import type { OpenedStore } from './queue.js'

const CLAIMABLE = CLAIMABLE_STATES.map((state) => `'${state}'`).join(', ')

export interface UnfinishedCounter {
  count(): Promise<number>
  close(): Promise<void>
}

/** A counter for a PostgreSQL or SQLite store; null for the others (they keep `store.counts()`). */
export async function unfinishedCounter(location: OpenedStore['location']): Promise<UnfinishedCounter | null> {
  if (location.backend === 'postgres') {
    const schema = `"${location.schema}"`
    const client = new pg.Client({ connectionString: PG_URL })
    await client.connect()
    // Schema v3: claimable jobs have a `ready` row, active ones sit in a `claims` batch (both may
    // hold rows of jobs that moved on, so each is checked against its job).
    const sql = `SELECT (SELECT count(*) FROM ${schema}.queue_ready r JOIN ${schema}.queue_jobs j ON j.id = r.id WHERE j.state IN (${CLAIMABLE}))
  + (SELECT count(*) FROM ${schema}.queue_claims c CROSS JOIN LATERAL unnest(COALESCE(c.ids, c.more_ids)) AS u(id) JOIN ${schema}.queue_jobs j ON j.id = u.id AND j.lock_token = c.token WHERE j.state = 'active') AS n`
    return {
      count: async () => Number((await client.query(sql)).rows[0].n),
      close: () => client.end(),
    }
  }
  if (location.backend === 'sqlite') {
    const db = new Database(location.file!, { readonly: true })
    const statement = db.prepare(
      `SELECT (SELECT count(*) FROM queue_jobs INDEXED BY queue_jobs_claim_queue WHERE state IN (${CLAIMABLE})) + (SELECT count(*) FROM queue_jobs INDEXED BY queue_jobs_active WHERE state = 'active') AS n`,
    )
    return {
      count: async () => (statement.get() as { n: number }).n,
      close: async () => {
        db.close()
      },
    }
  }
  return null
}
