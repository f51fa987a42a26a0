import { randomBytes } from 'node:crypto'
import type { ClaimParams, LeasedJob } from '@queue/core'
import { CLAIMABLE_STATES, UNFINISHED_STATES } from '@queue/core'
import type { Executor, Row } from '../executor.js'
import { Bind, literals } from '../store/bind.js'
import { isRetryable, isUniqueViolation } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { CLAIMED_COLUMNS, type LeaseWritten, toLeasedJob, toNumber } from '../store/rows.js'

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
  if (params.queues !== undefined && params.queues.length > 0) conditions.push(`j.queue IN (${b.list(params.queues)})`)
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
 * sqlite: name the claim index. Without statistics the planner picked the (state, queue, id) index
 * and sorted every ready row per claim (5.7 ms per empty-check on 10,000 ready jobs, the whole
 * drain 7x slower than the raw loop); the claim index hands rows out already in order.
 */
function claimSource(n: Names): string {
  if (n.dialect !== 'sqlite') return `${n.jobs} j`
  return `${n.jobs} AS j INDEXED BY ${n.index('claim')}`
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
      // Inside a transaction (settleAndClaim) the write lock is already held: the read-first buys nothing.
      if (n.dialect === 'sqlite' && !inTransaction && !(await anyEligible(executor, n, params, now))) return []
      const b = new Bind(n.dialect)
      const sql = n.dialect === 'postgres' ? withoutFlushWait(claimPostgres(n, b, params, now, token)) : claimSqlite(n, b, params, now, token)
      return leased((await executor.query(sql, b.values)).rows, leaseOf(params, now, token))
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

/** The claim function of the migration (see `postgresClaimFunction` for why it is a function); it returns `CLAIMED_COLUMNS`. */
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
  return `SELECT * FROM ${n.fn('claim_batch')}(${args.join(', ')})`
}

/**
 * sqlite: a read first, because a read never waits for another connection's write lock. An idle
 * poller then costs no lock at all, and a claim during someone's open write transaction returns
 * at once instead of blocking the event loop for busy_timeout (better-sqlite3 waits synchronously).
 */
async function anyEligible(executor: Executor, n: Names, params: ClaimParams, now: number): Promise<boolean> {
  const b = new Bind(n.dialect)
  // ORDER BY as the claim's, so the scan runs down the claim index instead of the whole table.
  const { rows } = await executor.query(`SELECT 1 AS x FROM ${claimSource(n)} WHERE ${eligible(n, b, params, now)} ORDER BY j.priority DESC, j.run_at, j.id LIMIT 1`, b.values)
  return rows.length > 0
}

function claimSqlite(n: Names, b: Bind, params: ClaimParams, now: number, token: string): string {
  const set = leaseColumns(b, params, now, token)
  const where = eligible(n, b, params, now)
  return `UPDATE ${n.jobs} SET ${set}
WHERE id IN (SELECT j.id FROM ${claimSource(n)} WHERE ${where} ORDER BY j.priority DESC, j.run_at, j.id LIMIT ${b.v(params.limit)})
RETURNING ${RETURNED}`
}

/** MySQL has no UPDATE … RETURNING: lock with SKIP LOCKED, update, then read the rows back. */
async function claimMysql(executor: Executor, n: Names, params: ClaimParams, now: number, token: string): Promise<LeasedJob[]> {
  return executor.transaction(async (tx) => {
    const pick = new Bind('mysql')
    const where = eligible(n, pick, params, now)
    const { rows: picked } = await tx.query(
      `SELECT j.id FROM ${n.jobs} j WHERE ${where} ORDER BY j.priority DESC, j.run_at, j.id LIMIT ${pick.v(params.limit)} FOR UPDATE SKIP LOCKED`,
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
