import { randomBytes } from 'node:crypto'
import type { ClaimParams, LeasedJob } from '@queue/core'
import { CLAIMABLE_STATES, JOB_DEFAULTS, UNFINISHED_STATES } from '@queue/core'
import type { Executor, Row, SqlValue, SyncQuery } from '../executor.js'
import { Bind, literals } from '../store/bind.js'
import { isRetryable, isUniqueViolation } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { CLAIMED_COLUMNS, type LeaseWritten, toJson, toLeasedJob, toNumber } from '../store/rows.js'

const CLAIMABLE = literals(CLAIMABLE_STATES)
const UNFINISHED = literals(UNFINISHED_STATES)
/** A claim that lost a race on the one-active-job-per-group index is simply run again. */
export const CLAIM_ATTEMPTS = 5

/**
 * The eligibility test shared by every dialect: due, in the worker's queues and priority range,
 * and — for a grouped job — the oldest unfinished job of its group with nothing of the group active.
 * The `group_active` unique index backs the group rule when two claimers' snapshots race.
 */
function eligible(n: Names, b: Bind, params: ClaimParams, now: number): string {
  const mysql = n.dialect === 'mysql'
  const conditions = [mysql ? 'j.claimable = 1' : `j.state IN (${CLAIMABLE})`, `j.run_at <= ${b.v(now)}`]
  if (params.queues?.length === 1) conditions.push(`j.queue = ${b.v(params.queues[0] as string)}`)
  else if (params.queues !== undefined && params.queues.length > 0) conditions.push(`j.queue IN (${b.list(params.queues)})`)
  if (params.priority?.min !== undefined) conditions.push(`j.priority >= ${b.v(params.priority.min)}`)
  if (params.priority?.max !== undefined) conditions.push(`j.priority <= ${b.v(params.priority.max)}`)
  // MySQL: group_live is NULL once finished, so the equality alone keeps finished rows out.
  const sameGroup = mysql ? 'g.group_live = j.group_key' : `g.group_key = j.group_key AND g.state IN (${UNFINISHED})`
  conditions.push(
    `(j.group_key IS NULL OR NOT EXISTS (SELECT 1 FROM ${n.jobs} g WHERE ${sameGroup} AND g.id <> j.id AND (g.id < j.id OR g.state = 'active')))`,
  )
  return conditions.join(' AND ')
}

/**
 * sqlite: the rows a claim takes, best first, down the per-queue claim index `(queue, priority
 * DESC, run_at, id)` named outright (without statistics the planner once picked another index and
 * sorted every ready row per claim, 7x slower). One queue is one walk down its own part of the
 * index; several are the best `limit` of each queue's best `limit`, so no claim ever walks past
 * the waiting jobs of a queue it does not read (a poll of an empty queue behind 100,000 jobs
 * waiting in another took 59 ms on one global index, blocking the event loop). `columns`: what the
 * pick returns of each row (aliased `j`); several queues return `id, priority, run_at` only.
 */
function sqlitePick(n: Names, b: Bind, params: ClaimParams, queues: readonly string[], now: number, limit: number, columns = 'j.id'): string {
  const source = `${n.jobs} AS j INDEXED BY ${n.index('claim_queue')}`
  const one = (queue: string, selected: string): string =>
    `SELECT ${selected} FROM ${source} WHERE ${eligible(n, b, { ...params, queues: [queue] }, now)} ORDER BY j.queue, j.priority DESC, j.run_at, j.id LIMIT ${b.limit(limit)}`
  if (queues.length === 1) return one(queues[0] as string, columns)
  const ranked = 'j.id, j.priority, j.run_at'
  // Past MERGED_QUEUES the merge would outgrow SQLite's compound-select limit (500 terms): sort the
  // claimable rows of those queues instead (slower, still in claim order).
  if (queues.length > MERGED_QUEUES) {
    return `SELECT ${ranked} FROM ${source} WHERE ${eligible(n, b, { ...params, queues }, now)} ORDER BY j.priority DESC, j.run_at, j.id LIMIT ${b.limit(limit)}`
  }
  return `SELECT id, priority, run_at FROM (${queues.map((queue) => `SELECT * FROM (${one(queue, ranked)})`).join(' UNION ALL ')}) ORDER BY priority DESC, run_at, id LIMIT ${b.limit(limit)}`
}

/** sqlite: the most queues a claim merges one by one (see `sqlitePick`). */
const MERGED_QUEUES = 64

/** sqlite: the queues a claim reads: the worker's, or every queue with a claimable job (one index seek per queue). */
async function sqliteQueues(executor: Executor, n: Names, params: ClaimParams): Promise<readonly string[]> {
  if (params.queues !== undefined && params.queues.length > 0) return params.queues
  const next = `SELECT min(queue) FROM ${n.jobs} INDEXED BY ${n.index('claim_queue')} WHERE state IN (${CLAIMABLE})`
  const { rows } = await executor.query(
    `WITH RECURSIVE q(name) AS (SELECT (${next}) UNION ALL SELECT (${next} AND queue > q.name) FROM q WHERE q.name IS NOT NULL) SELECT name FROM q WHERE name IS NOT NULL`,
  )
  return rows.map((row) => String(row.name))
}

function leaseColumns(b: Bind, params: ClaimParams, now: number, token: string): string {
  return `state = 'active', attempts = attempts + 1, locked_by = ${b.v(params.workerId)}, locked_until = ${b.v(now + params.leaseMs)}, lock_token = ${b.v(token)}, started_at = ${b.v(now)}`
}

function byClaimOrder(a: LeasedJob, b: LeasedJob): number {
  return b.priority - a.priority || a.runAt.getTime() - b.runAt.getTime() || Number(a.id) - Number(b.id)
}

/** The claim's rows as LeasedJobs, in claim order (RETURNING gives no order). */
export function leased(rows: Row[], lease: LeaseWritten): LeasedJob[] {
  return rows.map((row) => toLeasedJob(row, lease)).sort(byClaimOrder)
}

/** What the claim writes, known before it runs. */
export function leaseOf(params: ClaimParams, now: number, token: string): LeaseWritten {
  return { workerId: params.workerId, token, until: now + params.leaseMs, now }
}

/** A lock token: 96 random bits as 16 characters, shorter than a UUID on every row and in every settle. */
export function lockToken(): string {
  return randomBytes(12).toString('base64url')
}

const RETURNED = CLAIMED_COLUMNS.join(', ')

/**
 * Leases up to `limit` jobs in one statement (postgres, sqlite) or one short transaction (mysql).
 * One token per claim call: the lease is id + token, and the token changes on every claim.
 * Batching is the whole game here: a raw SKIP LOCKED loop drains ~3,800 jobs/s claiming one job
 * per commit and ~70,000 claiming 100 (DESIGN.md, "Performance"). `inTransaction`: the caller
 * already holds the write transaction (sqlite skips its lock-free read-first).
 */
export async function claimJobs(executor: Executor, n: Names, params: ClaimParams, now: number, inTransaction = false): Promise<LeasedJob[]> {
  if (params.limit === 0) return []
  for (let attempt = 1; ; attempt++) {
    try {
      const token = lockToken()
      if (n.dialect === 'mysql') return await claimMysql(executor, n, params, now, token)
      const b = new Bind(n.dialect)
      if (n.dialect === 'postgres') return leased((await executor.query(withoutFlushWait(claimPostgres(n, b, params, now, token)), b.values)).rows, leaseOf(params, now, token))
      const queues = await sqliteQueues(executor, n, params)
      // Inside a transaction (settleAndClaim) the write lock is already held: the read-first buys nothing.
      if (queues.length === 0 || (!inTransaction && !(await anyEligible(executor, n, params, queues, now)))) return []
      const lease = queues.length === 1 ? { ...leaseOf(params, now, token), queue: queues[0] as string } : leaseOf(params, now, token)
      // A synchronous driver reads and leases in one synchronous transaction; the others in one UPDATE … RETURNING.
      if (executor.transactionSync !== undefined) return leased(await executor.transactionSync((run) => claimSqliteSync(run, n, params, queues, now, token)), lease)
      return leased((await executor.query(claimSqlite(n, b, params, queues, now, token), b.values)).rows, lease)
    } catch (error) {
      if (attempt >= CLAIM_ATTEMPTS || !(isUniqueViolation(error) || isRetryable(error))) throw error
    }
  }
}

/**
 * postgres: the statement's commit does not wait for the WAL flush (`synchronous_commit` off for
 * this transaction only). Losing a claim's commit in a crash of PostgreSQL itself puts the jobs
 * back as they were, claimable, so each runs once more: what a crashed worker causes anyway, and
 * the queue is at-least-once. Only a claim that settles nothing gets this; settles and inserts
 * always wait. Idle pickup (enqueue to handler) is one insert commit plus this claim's.
 */
function withoutFlushWait(claim: string): string {
  return `SELECT c.* FROM (SELECT set_config('synchronous_commit', 'off', true) AS sync) s CROSS JOIN LATERAL (${claim}) c`
}

/** The claim function of schema v3 (`schema/postgres-v3.ts`); it returns `CLAIMED_COLUMNS`. */
export function claimPostgres(n: Names, b: Bind, params: ClaimParams, now: number, token: string): string {
  const queues = params.queues !== undefined && params.queues.length > 0 ? JSON.stringify(params.queues) : null
  const args = [
    b.big(now),
    `${b.v(params.limit)}::integer`,
    `${b.v(params.workerId)}::text`,
    b.big(now + params.leaseMs),
    `${b.v(token)}::text`,
    `${b.v(queues)}::text`,
    `${b.v(params.priority?.min ?? null)}::integer`,
    `${b.v(params.priority?.max ?? null)}::integer`,
  ]
  return `SELECT * FROM ${n.fn('claim_v3')}(${args.join(', ')})`
}

/**
 * sqlite: a read first, because a read never waits for another connection's write lock. An idle
 * poller then costs no lock at all, and a claim during someone's open write transaction returns
 * at once instead of blocking the event loop for busy_timeout (better-sqlite3 waits synchronously).
 */
async function anyEligible(executor: Executor, n: Names, params: ClaimParams, queues: readonly string[], now: number): Promise<boolean> {
  const b = new Bind(n.dialect)
  const { rows } = await executor.query(`SELECT 1 AS x FROM (${sqlitePick(n, b, params, queues, now, 1)})`, b.values)
  return rows.length > 0
}

/**
 * sqlite, on a synchronous driver: reads the rows to lease, then leases them by id, both inside
 * `transactionSync` (so they see the same rows, and no other code runs in between). Reading the
 * columns straight off the pick and updating without RETURNING cost 11% less than `UPDATE …
 * RETURNING`, which writes every returned row to a temporary table first; the rarely-set columns
 * coming as one `extra` column, another 6% (docs/benchmarks.md, session 14). Returns the rows as
 * `CLAIMED_COLUMNS`.
 *
 * `OR IGNORE`: see `claimSqlite`. A row it left as it was is left out of the claim.
 */
function claimSqliteSync(run: SyncQuery, n: Names, params: ClaimParams, queues: readonly string[], now: number, token: string): Row[] {
  const b = new Bind('sqlite')
  const oneQueue = queues.length === 1
  const columns = sqliteClaimed(oneQueue)
  const pick = oneQueue
    ? sqlitePick(n, b, params, queues, now, params.limit, columns)
    : `SELECT ${columns} FROM (${sqlitePick(n, b, params, queues, now, params.limit)}) AS p CROSS JOIN ${n.jobs} AS j ON j.id = p.id`
  let { rows } = run(pick, b.values)
  if (rows.length === 0) return []
  const ids = JSON.stringify(rows.map((row) => row.id))
  const u = new Bind('sqlite')
  const { affected } = run(`UPDATE OR IGNORE ${n.jobs} SET ${leaseColumns(u, params, now, token)} WHERE id IN (SELECT value FROM json_each(${u.v(ids)}))`, u.values)
  if (affected !== rows.length) {
    const held = run(`SELECT id FROM ${n.jobs} WHERE id IN (SELECT value FROM json_each(?)) AND lock_token = ? AND +state = 'active'`, [ids, token])
    const leasedIds = new Set(held.rows.map((row) => toNumber(row.id)))
    rows = rows.filter((row) => leasedIds.has(toNumber(row.id)))
  }
  return rows.map(fromExtra)
}

/**
 * sqlite, on an asynchronous driver (the ORM stores): one `UPDATE … RETURNING`, so that no other
 * connection of the process waits on a write lock held across an `await`.
 *
 * `OR IGNORE`: without it SQLite writes every page the claim touches to a statement journal first,
 * so that a constraint failure could undo the statement alone (the claim sets `state`, which the
 * unique `group_active` and `unique_key` indexes mention). No claim can hit either constraint: only
 * a group's head with nothing of it active is eligible, and SQLite has one writer at a time; if one
 * ever did, that row would stay as it was and simply not be claimed. A loop of claim(300) and
 * complete in transactions went from 8.8 to 8.2 us per job; the Worker drain, -1% (within noise).
 */
function claimSqlite(n: Names, b: Bind, params: ClaimParams, queues: readonly string[], now: number, token: string): string {
  const set = leaseColumns(b, params, now, token)
  const pick = sqlitePick(n, b, params, queues, now, params.limit)
  return `UPDATE OR IGNORE ${n.jobs} SET ${set}
WHERE id IN (SELECT id FROM (${pick}))
RETURNING ${queues.length === 1 ? SQLITE_RETURNED_ONE_QUEUE : SQLITE_RETURNED}`
}

/**
 * `CLAIMED_COLUMNS`, but NULL where the claim already knows the value: the queue of a one-queue
 * claim, and the default backoff (most jobs'); `toLeasedJob` fills both in. Each string column is a
 * UTF-8 decode and a new V8 string per row: these two cost 0.3-0.4 of the claim statement's
 * 4.6 us per job (docs/benchmarks.md). The default's text is our own constant, so it is inlined.
 */
function sqliteReturned(oneQueue: boolean): string {
  return CLAIMED_COLUMNS.map((column) => {
    if (column === 'queue' && oneQueue) return 'NULL AS queue'
    if (column === 'backoff') return `${backoffUnlessDefault('backoff')} AS backoff`
    return column
  }).join(', ')
}

/** The default backoff as a SQL string literal (our own constant). */
const DEFAULT_BACKOFF = `'${toJson(JOB_DEFAULTS.backoff).replaceAll("'", "''")}'`

/** `column`, or NULL when it holds the default backoff (which `toLeasedJob` fills in without parsing). */
function backoffUnlessDefault(column: string): string {
  return `CASE WHEN ${column} = ${DEFAULT_BACKOFF} THEN NULL ELSE ${column} END`
}

const SQLITE_RETURNED_ONE_QUEUE = sqliteReturned(true)
const SQLITE_RETURNED = sqliteReturned(false)

/** The columns of `CLAIMED_COLUMNS` that `extra` carries, in its order. */
const EXTRA_COLUMNS = ['max_attempts', 'backoff', 'timeout_ms', 'group_key', 'unique_key', 'last_error', 'progress', 'stats'] as const
/** `extra` when NULL: every one of them at its default (a NULL backoff is the default one). */
const NO_EXTRA: readonly SqlValue[] = [JOB_DEFAULTS.maxAttempts, null, null, null, null, null, null, null]

/**
 * sqlite: what a claim reads of each row, `CLAIMED_COLUMNS` as the lease will have them (attempts
 * counted up), with the queue only when the claim read several. The columns nearly every job
 * leaves at their defaults (`EXTRA_COLUMNS`) come as one: NULL when all are (a job's first attempt,
 * most often), else a JSON array of them, the default backoff as NULL. Each column is a value the
 * driver makes per row.
 */
function sqliteClaimed(oneQueue: boolean): string {
  const atDefault = [`j.max_attempts = ${JOB_DEFAULTS.maxAttempts}`, `j.backoff = ${DEFAULT_BACKOFF}`, ...EXTRA_COLUMNS.slice(2).map((c) => `j.${c} IS NULL`)]
  const extra = EXTRA_COLUMNS.map((c) => (c === 'backoff' ? backoffUnlessDefault('j.backoff') : `j.${c}`))
  return `j.id, ${oneQueue ? '' : 'j.queue, '}j.name, j.payload, j.priority, j.attempts + 1 AS attempts, j.run_at, j.created_at,
  CASE WHEN ${atDefault.join(' AND ')} THEN NULL ELSE json_array(${extra.join(', ')}) END AS extra`
}

/** A row `sqliteClaimed` read, with `extra` spread back into its columns. */
function fromExtra(row: Row): Row {
  const extra = row.extra === null || row.extra === undefined ? NO_EXTRA : (JSON.parse(String(row.extra)) as SqlValue[])
  return {
    id: row.id,
    queue: row.queue ?? null,
    name: row.name,
    payload: row.payload,
    priority: row.priority,
    attempts: row.attempts,
    run_at: row.run_at,
    created_at: row.created_at,
    max_attempts: extra[0],
    backoff: extra[1],
    timeout_ms: extra[2],
    group_key: extra[3],
    unique_key: extra[4],
    last_error: extra[5],
    progress: extra[6],
    stats: extra[7],
  }
}

/** MySQL has no UPDATE … RETURNING: lock with SKIP LOCKED, update, then read the rows back. */
async function claimMysql(executor: Executor, n: Names, params: ClaimParams, now: number, token: string): Promise<LeasedJob[]> {
  return executor.transaction(async (tx) => {
    const pick = new Bind('mysql')
    const where = eligible(n, pick, params, now)
    const { rows: picked } = await tx.query(
      // One queue: down its own claim index, never past the other queues' ready jobs.
      params.queues?.length === 1
        ? `SELECT j.id FROM ${n.jobs} j FORCE INDEX (${n.index('claim_queue')}) WHERE ${where} ORDER BY j.queue, j.priority DESC, j.run_at, j.id LIMIT ${pick.v(params.limit)} FOR UPDATE SKIP LOCKED`
        : `SELECT j.id FROM ${n.jobs} j WHERE ${where} ORDER BY j.priority DESC, j.run_at, j.id LIMIT ${pick.v(params.limit)} FOR UPDATE SKIP LOCKED`,
      pick.values,
    )
    if (picked.length === 0) return []
    const ids = picked.map((row) => toNumber(row.id))
    const b = new Bind('mysql')
    await tx.query(`UPDATE ${n.jobs} SET ${leaseColumns(b, params, now, token)} WHERE id IN (${b.list(ids)})`, b.values)
    const read = new Bind('mysql')
    const { rows } = await tx.query(`SELECT ${RETURNED} FROM ${n.jobs} WHERE id IN (${read.list(ids)})`, read.values)
    return leased(rows, leaseOf(params, now, token))
  })
}
