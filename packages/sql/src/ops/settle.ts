import type { Outcome, SettleResult } from '@queue/core'
import type { Executor, SqlValue } from '../executor.js'
import { Bind } from '../store/bind.js'
import type { Names } from '../store/names.js'
import { idParam, toJson, toNumber } from '../store/rows.js'

/** One outcome as the UPDATE applies it; absent fields keep the column's value. */
export interface Change {
  id: number
  token: string
  state: 'completed' | 'retry' | 'waiting' | 'failed' | 'ready'
  result?: string
  error?: string
  run_at?: number
  /** 1 when the attempt does not count (wait, release). */
  give_back: number
  stats?: string
}

const STATE = { complete: 'completed', retry: 'retry', wait: 'waiting', fail: 'failed', release: 'ready' } as const

function change(outcome: Outcome, id: number): Change {
  const c: Change = { id, token: outcome.lease.token, state: STATE[outcome.type], give_back: outcome.type === 'wait' || outcome.type === 'release' ? 1 : 0 }
  if (outcome.type === 'complete') c.result = toJson(outcome.result)
  if (outcome.type !== 'complete' && outcome.error !== undefined) c.error = outcome.error
  if (outcome.type === 'retry' || outcome.type === 'wait') c.run_at = outcome.runAt.getTime()
  if (outcome.type !== 'release' && outcome.stats !== undefined) c.stats = toJson(outcome.stats)
  return c
}

/**
 * `col` in a form no index matches (sqlite's unary plus; an expression on postgres), so the state
 * test never steers a lookup away from the primary key: on the state index sqlite rescanned the
 * JSON per active row (100 x 100 per batch, 6x slower) and postgres bitmap-scanned every dead
 * 'active' entry since the last vacuum.
 */
export function unindexed(n: Names, column: string): string {
  return n.dialect === 'sqlite' ? `+${column}` : `(${column} || '')`
}

/** An id and token together: the lease that one outcome names. */
export function leaseKey(id: unknown, token: unknown): string {
  return `${String(id)}:${String(token)}`
}

/** What a settle did: which ids it changed and which queues got a job back as `ready`. */
export interface Settled {
  results: SettleResult[]
  released: string[]
}

/**
 * The lock token stays on the row after settling (only `state = 'active'` makes it count), so the
 * statement can return which lease each change matched. Applies a batch of outcomes in one statement (postgres, sqlite) or one transaction (mysql), each
 * fenced by id + lock token + state `active`, so a stale lease changes nothing.
 */
export async function settleJobs(executor: Executor, n: Names, outcomes: readonly Outcome[], now: number): Promise<Settled> {
  const batch = prepareSettle(outcomes)
  const done = batch.changes.length === 0 ? { ids: new Set<string>(), released: [] } : n.dialect === 'mysql' ? await settleMysql(executor, n, batch.changes, now) : await settleOne(executor, n, batch.changes, now)
  return batch.finish(done)
}

/** What one settle sends, and how its answer maps back to the outcomes in input order. */
export interface SettleBatch {
  changes: Change[]
  finish(done: { ids: Set<string>; released: string[] }): Settled
}

export function prepareSettle(outcomes: readonly Outcome[]): SettleBatch {
  // The same lease twice in one batch: only the first may apply, as if they came one by one.
  const first = new Set<Outcome>()
  const seen = new Set<string>()
  const changes: Change[] = []
  for (const outcome of outcomes) {
    const id = idParam(outcome.lease.id)
    const key = leaseKey(outcome.lease.id, outcome.lease.token)
    if (id === null || typeof outcome.lease.token !== 'string' || seen.has(key)) continue
    seen.add(key)
    first.add(outcome)
    changes.push(change(outcome, id))
  }
  return {
    changes,
    finish: (done) => ({
      results: outcomes.map((o) => ({ id: o.lease.id, ok: first.has(o) && done.ids.has(leaseKey(o.lease.id, o.lease.token)) })),
      released: done.released,
    }),
  }
}

export async function settleOne(executor: Executor, n: Names, changes: Change[], now: number): Promise<{ ids: Set<string>; released: string[] }> {
  const b = new Bind(n.dialect)
  // sqlite reads positional tuples (`value ->> 0`): extracting eight keys by name per row cost
  // about 40% more than the whole rest of the statement.
  const json = n.dialect === 'postgres' ? JSON.stringify(changes) : JSON.stringify(changes.map(tuple))
  // postgres: the migration's settle function (plan settings that keep it on the primary key, and
  // pg_notify for released jobs in the same statement).
  const sql =
    n.dialect === 'postgres'
      ? `SELECT * FROM ${n.fn('settle')}(${b.big(now)}, ${b.v(json)}::text, ${b.v(n.channel)}::text)`
      : `UPDATE ${n.jobs} AS t SET state = o.state,
  result = CASE WHEN o.state = 'completed' THEN o.result ELSE t.result END,
  last_error = COALESCE(o.error, t.last_error),
  run_at = COALESCE(o.run_at, t.run_at),
  attempts = max(0, t.attempts - o.give_back),
  finished_at = CASE WHEN o.state IN ('completed', 'failed') THEN ${b.v(now)} ELSE NULL END,
  stats = COALESCE(o.stats, t.stats),
  locked_by = NULL, locked_until = NULL
FROM (SELECT ${TUPLE.map((k, i) => `value ->> ${i} AS ${k}`).join(', ')} FROM json_each(${b.v(json)})) AS o
WHERE t.id = o.id AND t.lock_token = o.token AND ${unindexed(n, 't.state')} = 'active'
RETURNING id, queue, state, lock_token`
  const { rows } = await executor.query(sql, b.values)
  return { ids: new Set(rows.map((row) => leaseKey(row.id, row.lock_token))), released: rows.filter((row) => row.state === 'ready').map((row) => String(row.queue)) }
}

const TUPLE = ['id', 'token', 'state', 'result', 'error', 'run_at', 'give_back', 'stats'] as const

function tuple(c: Change): SqlValue[] {
  return [c.id, c.token, c.state, c.result ?? null, c.error ?? null, c.run_at ?? null, c.give_back, c.stats ?? null]
}

/** `col = CASE id WHEN … THEN … ELSE col END` for the changes that set `col`. */
function caseColumn(b: Bind, column: string, entries: [number, SqlValue][]): string | null {
  if (entries.length === 0) return null
  return `${column} = CASE id ${entries.map(([id, value]) => `WHEN ${b.v(id)} THEN ${b.v(value)}`).join(' ')} ELSE ${column} END`
}

/** MySQL has no UPDATE … RETURNING: lock the fenced rows first, then one UPDATE with CASE columns. */
export async function settleMysql(executor: Executor, n: Names, changes: Change[], now: number): Promise<{ ids: Set<string>; released: string[] }> {
  return executor.transaction(async (tx) => {
    const lock = new Bind('mysql')
    const pairs = changes.map((c) => `(${lock.v(c.id)}, ${lock.v(c.token)})`).join(', ')
    const { rows } = await tx.query(`SELECT id, queue, lock_token FROM ${n.jobs} WHERE state = 'active' AND (id, lock_token) IN (${pairs}) FOR UPDATE`, lock.values)
    if (rows.length === 0) return { ids: new Set<string>(), released: [] }
    const held = new Set(rows.map((row) => leaseKey(row.id, row.lock_token)))
    const queueOf = new Map(rows.map((row) => [toNumber(row.id), String(row.queue)]))
    const ok = changes.filter((c) => held.has(leaseKey(c.id, c.token)))
    const b = new Bind('mysql')
    // MySQL applies single-table SET clauses left to right, so no clause reads a column set earlier.
    const columns = [
      caseColumn(b, 'result', ok.flatMap((c) => (c.result === undefined ? [] : [[c.id, c.result] as [number, SqlValue]]))),
      caseColumn(b, 'last_error', ok.flatMap((c) => (c.error === undefined ? [] : [[c.id, c.error] as [number, SqlValue]]))),
      caseColumn(b, 'run_at', ok.flatMap((c) => (c.run_at === undefined ? [] : [[c.id, c.run_at] as [number, SqlValue]]))),
      caseColumn(b, 'stats', ok.flatMap((c) => (c.stats === undefined ? [] : [[c.id, c.stats] as [number, SqlValue]]))),
      `attempts = GREATEST(0, attempts - CASE id ${ok.map((c) => `WHEN ${b.v(c.id)} THEN ${b.v(c.give_back)}`).join(' ')} ELSE 0 END)`,
      `finished_at = CASE id ${ok.map((c) => `WHEN ${b.v(c.id)} THEN ${b.v(c.state === 'completed' || c.state === 'failed' ? now : null)}`).join(' ')} ELSE finished_at END`,
      `state = CASE id ${ok.map((c) => `WHEN ${b.v(c.id)} THEN ${b.v(c.state)}`).join(' ')} ELSE state END`,
      'locked_by = NULL, locked_until = NULL',
    ].filter((c): c is string => c !== null)
    await tx.query(`UPDATE ${n.jobs} SET ${columns.join(', ')} WHERE id IN (${b.list(ok.map((c) => c.id))})`, b.values)
    return {
      ids: new Set(ok.map((c) => leaseKey(c.id, c.token))),
      released: ok.filter((c) => c.state === 'ready').map((c) => queueOf.get(c.id) ?? ''),
    }
  })
}
