import type { ChangeResult, CountsParams, Job, JobCounts, JobPage, ListParams, PruneParams, QueueCounts } from '@queue/core'
import { emptyCounts, FINISHED_STATES, UNFINISHED_STATES } from '@queue/core'
import type { Executor } from '../executor.js'
import { Bind, literals } from '../store/bind.js'
import { isUniqueViolation } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { idParam, toJob, toNumber } from '../store/rows.js'
import { READY_COLUMNS } from '../schema/postgres-v3.js'

const UNFINISHED = literals(UNFINISHED_STATES)
const DEFAULT_PAGE = 50
const DEFAULT_PRUNE_BATCH = 1000

export async function getJob(executor: Executor, n: Names, id: string): Promise<Job | null> {
  const key = idParam(id)
  if (key === null) return null
  const b = new Bind(n.dialect)
  const { rows } = await executor.query(`SELECT * FROM ${n.jobs} WHERE id = ${b.v(key)}`, b.values)
  return rows[0] === undefined ? null : toJob(rows[0])
}

/** Newest first (id DESC); the cursor is the id of the last job of the previous page. */
export async function listJobs(executor: Executor, n: Names, params: ListParams): Promise<JobPage> {
  const limit = params.limit ?? DEFAULT_PAGE
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`list limit must be a positive integer, got ${limit}`)
  const b = new Bind(n.dialect)
  const conditions: string[] = []
  if (params.state !== undefined) conditions.push(`state = ${b.v(params.state)}`)
  if (params.queue !== undefined) conditions.push(`queue = ${b.v(params.queue)}`)
  if (params.name !== undefined) conditions.push(`name = ${b.v(params.name)}`)
  if (params.cursor !== undefined) {
    const cursor = idParam(params.cursor)
    if (cursor === null) throw new RangeError(`invalid list cursor: ${params.cursor}`)
    conditions.push(`id < ${b.v(cursor)}`)
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
  const { rows } = await executor.query(`SELECT * FROM ${n.jobs} ${where} ORDER BY id DESC LIMIT ${b.limit(limit + 1)}`, b.values)
  const jobs = rows.slice(0, limit).map(toJob)
  return { jobs, nextCursor: rows.length > limit ? (jobs.at(-1)?.id ?? null) : null }
}

/** Counts per queue name (`''` when not grouped by queue). */
type Tally = Map<string, JobCounts>

function tallyRow(tally: Tally, row: Record<string, unknown>): number {
  const queue = row.q === undefined ? '' : String(row.q)
  let counts = tally.get(queue)
  if (counts === undefined) tally.set(queue, (counts = emptyCounts()))
  const c = toNumber(row.c)
  counts[String(row.s) as keyof JobCounts] += c
  return c
}

/**
 * Counts per state; a due scheduled/retry/waiting job is claimable now, so it counts as `ready`.
 * postgres (schema v2 has no index on finished jobs): one pass over the table; sqlite: the same in
 * passes (`tallySqlite`). MySQL keeps its (state, queue, id) index, so two halves in one statement:
 * unfinished rows need `run_at` (few rows, found by the index), finished rows only their state,
 * which the index answers alone.
 */
export async function countJobs(executor: Executor, n: Names, params: CountsParams, now: number): Promise<JobCounts> {
  const tally = await tallyJobs(executor, n, now, params.queue, false)
  return tally.get('') ?? emptyCounts()
}

/** `countJobs` of every queue that holds jobs, sorted by name, in one pass over the table. */
export async function countJobsByQueue(executor: Executor, n: Names, now: number): Promise<QueueCounts[]> {
  const tally = await tallyJobs(executor, n, now, undefined, true)
  // Sorted here, as `queueNames` sorts: database collations disagree on order.
  return [...tally.keys()].sort().map((queue) => ({ queue, counts: tally.get(queue) as JobCounts }))
}

/** The counts of one queue (`queue`) or of all, per queue when `byQueue`. */
async function tallyJobs(executor: Executor, n: Names, now: number, queue: string | undefined, byQueue: boolean): Promise<Tally> {
  if (n.dialect === 'sqlite') return tallySqlite(executor, n, now, queue, byQueue)
  const b = new Bind(n.dialect)
  const due = `CASE WHEN state IN ('scheduled', 'retry', 'waiting') AND run_at <= ${b.big(now)} THEN 'ready' ELSE state END`
  const q = byQueue ? 'queue AS q, ' : ''
  const groups = byQueue ? '1, 2' : '1'
  let sql: string
  if (n.dialect === 'mysql') {
    const inQueue = (): string => (queue === undefined ? '' : ` AND queue = ${b.v(queue)}`)
    const unfinished = `SELECT ${q}${due} AS s, count(*) AS c FROM ${n.jobs} WHERE state IN (${UNFINISHED})${inQueue()} GROUP BY ${groups}`
    const finished = `SELECT ${q}state AS s, count(*) AS c FROM ${n.jobs} WHERE state IN (${literals(FINISHED_STATES)})${inQueue()} GROUP BY ${groups}`
    sql = `${unfinished} UNION ALL ${finished}`
  } else sql = `SELECT ${q}${due} AS s, count(*) AS c FROM ${n.jobs}${queue === undefined ? '' : ` WHERE queue = ${b.v(queue)}`} GROUP BY ${groups}`
  const { rows } = await executor.query(sql, b.values)
  const tally: Tally = new Map()
  for (const row of rows) tallyRow(tally, row)
  return tally
}

/**
 * sqlite: rows per counting statement (~1 ms each). better-sqlite3 runs a statement on the event
 * loop's thread, and one pass over the table held it 4.3 ms per 20,000 jobs (200 ms at a million
 * kept jobs, at every dashboard refresh and metrics scrape of `queue server`).
 */
export const COUNT_CHUNK_ROWS = 5_000

/**
 * sqlite: the counts in passes of `COUNT_CHUNK_ROWS` rows in id order, yielding to the event loop
 * between passes, so webhooks and workers get their turns during a count. Each row is read once, in
 * the state it has when its pass reads it; the total is no snapshot, but nothing is counted twice.
 */
async function tallySqlite(executor: Executor, n: Names, now: number, queue: string | undefined, byQueue: boolean): Promise<Tally> {
  const tally: Tally = new Map()
  for (let after = 0; ; ) {
    const b = new Bind('sqlite')
    const due = `CASE WHEN state IN ('scheduled', 'retry', 'waiting') AND run_at <= ${b.v(now)} THEN 'ready' ELSE state END`
    const where = `id > ${b.v(after)}${queue === undefined ? '' : ` AND queue = ${b.v(queue)}`}`
    const pass = `SELECT id, ${byQueue ? 'queue, ' : ''}${due} AS s FROM ${n.jobs} WHERE ${where} ORDER BY id LIMIT ${b.limit(COUNT_CHUNK_ROWS)}`
    const { rows } = await executor.query(
      `SELECT ${byQueue ? 'queue AS q, ' : ''}s, count(*) AS c, max(id) AS last FROM (${pass}) GROUP BY ${byQueue ? '1, 2' : '1'}`,
      b.values,
    )
    let read = 0
    for (const row of rows) {
      read += tallyRow(tally, row)
      after = Math.max(after, toNumber(row.last))
    }
    if (read < COUNT_CHUNK_ROWS) return tally
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Any unfinished job -> cancelled; an active one loses its lease, so its worker can no longer settle. */
export async function cancelJob(executor: Executor, n: Names, id: string, now: number): Promise<ChangeResult | null> {
  const key = idParam(id)
  if (key === null) return null
  const b = new Bind(n.dialect)
  // postgres (schema v3): a finished job holds neither its group nor its uniqueKey.
  const keys = n.dialect === 'postgres' ? ', live_group = NULL, live_key = NULL, running_group = NULL' : ''
  const update = `UPDATE ${n.jobs} SET state = 'cancelled', locked_by = NULL, locked_until = NULL, lock_token = NULL, finished_at = ${b.v(now)}${keys}
WHERE id = ${b.v(key)} AND state IN (${UNFINISHED})`
  return changeJob(executor, n, id, update, b, { unready: key })
}

/**
 * A failed or cancelled job -> ready now with a fresh attempt budget (seed 003's "kick"). Refused
 * (`changed: false`) while another unfinished job holds its uniqueKey: the unique index says so.
 */
export async function retryJob(executor: Executor, n: Names, id: string, now: number): Promise<ChangeResult | null> {
  const key = idParam(id)
  if (key === null) return null
  const b = new Bind(n.dialect)
  // postgres (schema v3): unfinished again, it takes its group and uniqueKey back (refused while another job holds the key).
  const keys = n.dialect === 'postgres' ? ', live_group = group_key, live_key = unique_key' : ''
  const update = `UPDATE ${n.jobs} SET state = 'ready', attempts = 0, run_at = ${b.v(now)}, finished_at = NULL${keys}
WHERE id = ${b.v(key)} AND state IN ('failed', 'cancelled')`
  try {
    return await changeJob(executor, n, id, update, b, 'ready')
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    const job = await getJob(executor, n, id)
    return job === null ? null : { job, changed: false }
  }
}

/**
 * Runs a single-row UPDATE (its WHERE clause last) and answers with the job as it is now and whether
 * it changed. postgres (schema v3) keeps `ready` exact in the same statement: `'ready'` (the job
 * became claimable) adds its row and wakes its queue; `{ unready: id }` (it may have been claimable)
 * deletes its row first.
 */
async function changeJob(executor: Executor, n: Names, id: string, update: string, b: Bind, ready: 'ready' | { unready: number }): Promise<ChangeResult | null> {
  if (n.dialect === 'mysql') {
    const { affected } = await executor.query(update, b.values)
    const job = await getJob(executor, n, id)
    return job === null ? null : { job, changed: affected > 0 }
  }
  let sql = `${update} RETURNING *`
  if (n.dialect === 'postgres') {
    sql =
      ready === 'ready'
        ? `WITH changed AS (${update} RETURNING *), readied AS (INSERT INTO ${n.ready} (${READY_COLUMNS}) SELECT ${READY_COLUMNS} FROM changed),
woke AS (SELECT pg_notify(${b.v(n.channel)}, queue) FROM changed) SELECT changed.*, (SELECT count(*) FROM woke) AS woke FROM changed`
        : `WITH unreadied AS (${unready(n, b, ready.unready)}) ${update} AND (SELECT count(*) FROM unreadied) >= 0 RETURNING *`
  }
  const { rows } = await executor.query(sql, b.values)
  if (rows[0] !== undefined) return { job: toJob(rows[0]), changed: true }
  const job = await getJob(executor, n, id)
  return job === null ? null : { job, changed: false }
}

/**
 * postgres (schema v3): deletes job `id`'s `ready` row, if it has one: a claimable job's row carries
 * its current queue, priority and run_at, so the claim index finds it. Run before the statement
 * changes the job (the caller's WHERE waits for it): a claimer locks the `ready` row first and the
 * job second, so taking them in the other order could deadlock with it.
 */
function unready(n: Names, b: Bind, id: number): string {
  return `DELETE FROM ${n.ready} r USING ${n.jobs} j
  WHERE j.id = ${b.v(id)} AND r.queue = j.queue AND r.priority = j.priority AND r.run_at = j.run_at AND r.id = j.id RETURNING r.id`
}

export async function removeJob(executor: Executor, n: Names, id: string): Promise<boolean> {
  const key = idParam(id)
  if (key === null) return false
  const b = new Bind(n.dialect)
  if (n.dialect === 'postgres') {
    const sql = `WITH unreadied AS (${unready(n, b, key)}) DELETE FROM ${n.jobs} WHERE id = ${b.v(key)} AND (SELECT count(*) FROM unreadied) >= 0 RETURNING id`
    return (await executor.query(sql, b.values)).rows.length > 0
  }
  const { affected } = await executor.query(`DELETE FROM ${n.jobs} WHERE id = ${b.v(key)}`, b.values)
  return affected > 0
}

/** Deletes finished jobs older than `olderThan`, `batchSize` rows per statement, so no lock is held long. */
export async function pruneJobs(executor: Executor, n: Names, params: PruneParams): Promise<number> {
  const states = params.states ?? FINISHED_STATES
  for (const state of states) {
    if (!(FINISHED_STATES as readonly string[]).includes(state)) throw new RangeError(`prune only deletes finished states, got ${state}`)
  }
  if (states.length === 0) return 0
  const batchSize = params.batchSize ?? DEFAULT_PRUNE_BATCH
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`prune batchSize must be a positive integer, got ${batchSize}`)
  const cutoff = params.olderThan.getTime()
  let deleted = 0
  for (;;) {
    const b = new Bind(n.dialect)
    const match = `state IN (${literals(states)}) AND finished_at < ${b.v(cutoff)}`
    // MySQL refuses LIMIT in an IN subquery but has DELETE … LIMIT; the others the other way round.
    const sql =
      n.dialect === 'mysql'
        ? `DELETE FROM ${n.jobs} WHERE ${match} LIMIT ${b.v(batchSize)}`
        : `DELETE FROM ${n.jobs} WHERE id IN (SELECT id FROM ${n.jobs} WHERE ${match} LIMIT ${b.limit(batchSize)})`
    const { affected } = await executor.query(sql, b.values)
    deleted += affected
    if (affected < batchSize) return deleted
  }
}

/** The distinct queue names that hold jobs, sorted. */
export async function queueNames(executor: Executor, n: Names): Promise<string[]> {
  const { rows } = await executor.query(`SELECT DISTINCT queue FROM ${n.jobs} ORDER BY queue`)
  // Sorted here: database collations disagree on order, JavaScript's code-unit order does not.
  return rows.map((row) => String(row.queue)).sort()
}
