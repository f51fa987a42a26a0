import type { Outcome, SettleResult } from '@queue/core'
import type { Executor, Row, SqlValue } from '../executor.js'
import { Bind, valuesRows } from '../store/bind.js'
import { retryDeadlocks } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { encodeStats, idParam, toJson, toNumber } from '../store/rows.js'

/** One outcome as the UPDATE applies it; absent fields keep the column's value. `result` and `stats` are JSON texts. */
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
  if (outcome.type !== 'release' && outcome.stats !== undefined) c.stats = encodeStats(outcome.stats)
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
 * statement can return which lease each change matched (sqlite completions stamp it instead, see
 * `completeOnSqlite`). Applies a batch of outcomes in one statement (postgres, sqlite) or one transaction (mysql), each
 * fenced by id + lock token + state `active`, so a stale lease changes nothing.
 */
export async function settleJobs(executor: Executor, n: Names, outcomes: readonly Outcome[], now: number): Promise<Settled> {
  const batch = prepareSettle(outcomes)
  // A deadlock victim changed nothing (its transaction was rolled back): the same changes go again.
  return batch.finish(await retryDeadlocks(() => applyChanges(executor, n, batch.changes, now)))
}

/** Applies `changes` the dialect's way (MySQL: lock, then update; the others: one statement); no changes, no statement. */
export async function applyChanges(executor: Executor, n: Names, changes: Change[], now: number): Promise<Applied> {
  if (changes.length === 0) return { ids: new Set<string>(), released: [] }
  return n.dialect === 'mysql' ? settleMysql(executor, n, changes, now) : settleOne(executor, n, changes, now)
}

/** What one settle sends, and how its answer maps back to the outcomes in input order. */
export interface SettleBatch {
  changes: Change[]
  finish(done: Applied): Settled
}

export function prepareSettle(outcomes: readonly Outcome[]): SettleBatch {
  // The same lease twice in one batch: only the first may apply, as if they came one by one.
  // `sent[i]`: outcome i goes out (not invalid, not a repeat). The tokens seen per id: nearly
  // always one, so no lease key is built unless an answer needs one (`done.ids`).
  const sent: boolean[] = new Array(outcomes.length)
  const seen = new Map<number, string | string[]>()
  const changes: Change[] = []
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i] as Outcome
    const id = idParam(outcome.lease.id)
    const token = outcome.lease.token
    sent[i] = false
    if (id === null || typeof token !== 'string') continue
    const before = seen.get(id)
    if (before === token || (Array.isArray(before) && before.includes(token))) continue
    seen.set(id, before === undefined ? token : [...(Array.isArray(before) ? before : [before]), token])
    sent[i] = true
    changes.push(change(outcome, id))
  }
  return {
    changes,
    finish: (done) => ({
      results: outcomes.map((o, i) => ({ id: o.lease.id, ok: sent[i] === true && (done.all === true || done.ids.has(leaseKey(o.lease.id, o.lease.token))) })),
      released: done.released,
    }),
  }
}

/**
 * The changes as one JSON array for the postgres settle function. `result` and `stats` go in as JSON
 * values, not as strings holding JSON: escaping every quote of every job's stats a second time was
 * a visible share of the worker's CPU.
 */
export function changesJson(changes: readonly Change[]): string {
  let out = '['
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i] as Change
    out += `${i === 0 ? '' : ','}{"id":${c.id},"token":${JSON.stringify(c.token)},"state":"${c.state}","give_back":${c.give_back}`
    if (c.result !== undefined) out += `,"result":${c.result}`
    if (c.error !== undefined) out += `,"error":${JSON.stringify(c.error)}`
    if (c.run_at !== undefined) out += `,"run_at":${c.run_at}`
    if (c.stats !== undefined) out += `,"stats":${c.stats}`
    out += '}'
  }
  return `${out}]`
}

/** sqlite: positional tuples, read with `value -> i` (JSON text) and `value ->> i` (SQL value). */
function tuplesJson(changes: readonly Change[], tuple: (c: Change) => string): string {
  return `[${changes.map(tuple).join(',')}]`
}

const changeTuple = (c: Change): string =>
  `[${c.id},${JSON.stringify(c.token)},"${c.state}",${c.result ?? 'null'},${c.error === undefined ? 'null' : JSON.stringify(c.error)},${c.run_at ?? 'null'},${c.give_back},${c.stats ?? 'null'}]`

/** Which leases a settle changed (`all`: every change sent; `ids` is then not consulted), and the queues that got a job back. */
export type Applied = { ids: Set<string>; released: string[]; all?: boolean }

/** postgres: the settle function of schema v3 over `changes` (its rows: id, queue, state, lock_token). */
export function settlePostgres(n: Names, b: Bind, changes: readonly Change[], now: number): string {
  return `SELECT * FROM ${n.fn('settle_v3')}(${b.big(now)}, ${b.v(changesJson(changes))}::text, ${b.v(n.channel)}::text)`
}

/**
 * postgres: the rows of the settle function (the CTE `settled`) summed up as one JSON text,
 * `[applied, released queues | null, [id, token] pairs | null]`. The pairs come only when fewer
 * changes applied than were `sent`; the usual batch, where every change applies, comes back as a
 * count instead of one tuple per job (300 per batch that PostgreSQL aggregated and node parsed
 * and keyed). The CASE evaluates the pairs' subquery only when it is needed.
 */
export function settleSummary(b: Bind, sent: number): string {
  return `json_build_array((SELECT count(*) FROM settled), (SELECT json_agg(x.queue) FROM settled x WHERE x.state = 'ready'),
  CASE WHEN (SELECT count(*) FROM settled) < ${b.v(sent)} THEN (SELECT COALESCE(json_agg(json_build_array(x.id, x.lock_token)), '[]') FROM settled x) END)::text`
}

/** The summary `settleSummary` wrote, read back. */
export function appliedFromSummary(text: unknown): Applied {
  const [, released, pairs] = JSON.parse(String(text ?? '[0,null,null]')) as [number, string[] | null, [number, string][] | null]
  return pairs === null
    ? { ids: new Set(), released: released ?? [], all: true }
    : { ids: new Set(pairs.map(([id, token]) => leaseKey(id, token))), released: released ?? [] }
}

function appliedOf(rows: Row[]): Applied {
  return { ids: new Set(rows.map((row) => leaseKey(row.id, row.lock_token))), released: rows.filter((row) => row.state === 'ready').map((row) => String(row.queue)) }
}

/**
 * Applies the changes in one statement on postgres (the migration's settle function: plan settings
 * that keep it on the primary key, and pg_notify for released jobs in the same statement). On
 * sqlite completions, nearly every outcome, take a narrow statement of their own (4 fields per job
 * to extract instead of 8: the settle cost 40% less); the other outcomes the general one, both in one
 * transaction.
 */
async function settleOne(executor: Executor, n: Names, changes: Change[], now: number): Promise<Applied> {
  if (n.dialect === 'postgres') {
    const b = new Bind(n.dialect)
    const settle = settlePostgres(n, b, changes, now)
    const { rows } = await executor.query(`WITH settled AS (${settle}) SELECT ${settleSummary(b, changes.length)} AS summary`, b.values)
    return appliedFromSummary(rows[0]?.summary)
  }
  const completed = changes.filter((c) => c.state === 'completed')
  const others = completed.length === changes.length ? [] : changes.filter((c) => c.state !== 'completed')
  const run = async (tx: Executor): Promise<Applied> => {
    const rows: Row[] = []
    if (completed.length > 0) {
      const done = await completeOnSqlite(tx, n, completed, now)
      // Only completions, and every one applied (the usual batch): no lease keys to build.
      if (done === 'all' && others.length === 0) return { ids: new Set(), released: [], all: true }
      rows.push(...(done === 'all' ? completed.map(completedRow) : done))
    }
    if (others.length > 0) rows.push(...(await tx.query(changeSqlite(n), [now, tuplesJson(others, changeTuple)])).rows)
    return appliedOf(rows)
  }
  return completed.length > 0 && others.length > 0 ? executor.transaction(run) : run(executor)
}

/** What the general sqlite settle returns per changed row: enough for `appliedOf`. */
const RETURNED = 'id, queue, state, lock_token'

/**
 * The most lock tokens whose completions each take a statement of their own (one claim hands out
 * one token, so a settle batch of a busy worker holds one or two). Past that, the token travels in
 * every row instead.
 */
const TOKEN_GROUPS = 4

/**
 * sqlite completions; `'all'` when every one applied. Grouped by lock token, each group is one
 * statement that binds its token once: a 16-character string bound per row was ~1.4 us per job of
 * the statement. A `null` result is bound as NULL, which SQLite takes without a copy, and stored
 * as the JSON text `null`.
 *
 * The statement returns nothing (RETURNING writes every row to a temporary table first: 18% of the
 * statement, docs/benchmarks.md, session 14) and stamps the rows it completes with a token of its
 * own (`settleStamp`). When it changed as many rows as it was sent, every lease held; when fewer
 * (a stale lease among them), the stamp tells which it changed, where the claim's token could not:
 * a row completed earlier under the same lease carries that token too.
 */
async function completeOnSqlite(tx: Executor, n: Names, completed: readonly Change[], now: number): Promise<Row[] | 'all'> {
  const groups = new Map<string, Change[]>()
  for (const c of completed) {
    const group = groups.get(c.token)
    if (group === undefined) groups.set(c.token, [c])
    else group.push(c)
  }
  if (groups.size > TOKEN_GROUPS) return completeTokenPerRow(tx, n, completed, now)
  // The completions each statement applied: null when all it was sent.
  const applied: { chunk: readonly Change[]; ids: number[] | null }[] = []
  for (const [token, changes] of groups) {
    for (const { chunk, size } of valuesChunks(changes)) {
      const stamp = settleStamp(token)
      const params: SqlValue[] = [now, stamp]
      for (const c of chunk) params.push(c.id, resultParam(c), c.stats ?? null)
      // Padding rows have a NULL id and match no job.
      for (let i = chunk.length; i < size; i++) params.push(null, null, null)
      params.push(token)
      const { affected } = await tx.query(completeSqlite(n, size, 'one'), params)
      applied.push({ chunk, ids: affected === chunk.length ? null : await stampedIds(tx, n, chunk, stamp) })
    }
  }
  if (applied.every(({ ids }) => ids === null)) return 'all'
  return applied.flatMap(({ chunk, ids }) => {
    if (ids === null) return chunk.map(completedRow)
    const changed = new Set(ids)
    return chunk.filter((c) => changed.has(c.id)).map(completedRow)
  })
}

/** The row a completion of `c` answers with, for `appliedOf`. */
function completedRow(c: Change): Row {
  return { id: c.id, lock_token: c.token, state: 'completed', queue: null }
}

let stamps = 0

/**
 * What a completion writes over the lock token of the rows it completes: the token and a count
 * of this process's completion statements, so no other statement's rows carry it. The token of a
 * finished row is read by nothing else (only `state = 'active'` makes a token count).
 */
function settleStamp(token: string): string {
  stamps = (stamps + 1) % Number.MAX_SAFE_INTEGER
  return `${token}.${stamps}`
}

/** The ids among `chunk` that the completion stamped `stamp` changed. */
async function stampedIds(tx: Executor, n: Names, chunk: readonly Change[], stamp: string): Promise<number[]> {
  const { rows } = await tx.query(`SELECT id FROM ${n.jobs} WHERE id IN (SELECT value FROM json_each(?)) AND lock_token = ?`, [JSON.stringify(chunk.map((c) => c.id)), stamp])
  return rows.map((row) => toNumber(row.id))
}

/**
 * Completions of many claims at once: the token in every row. With distinct ids only the ids come
 * back, each with the token of the change that named it; the same id twice, under two tokens,
 * needs the token returned to tell which lease matched.
 */
async function completeTokenPerRow(tx: Executor, n: Names, completed: readonly Change[], now: number): Promise<Row[]> {
  const byId = new Map(completed.map((c) => [c.id, c]))
  const distinct = byId.size === completed.length
  const rows: Row[] = []
  for (const { chunk, size } of valuesChunks(completed)) {
    const params: SqlValue[] = [now]
    for (const c of chunk) params.push(c.id, c.token, resultParam(c), c.stats ?? null)
    for (let i = chunk.length; i < size; i++) params.push(null, null, null, null)
    rows.push(...(await tx.query(completeSqlite(n, size, distinct ? 'each' : 'each-returning-token'), params)).rows)
  }
  if (!distinct) return rows
  return rows.map((row) => completedRow(byId.get(toNumber(row.id)) as Change))
}

/** `items` in chunks of a VALUES list's rows (`valuesRows`), each with the row count its statement has (the rest is padding). */
function* valuesChunks<T>(items: readonly T[]): Generator<{ chunk: readonly T[]; size: number }> {
  for (let start = 0; start < items.length; ) {
    const size = valuesRows(items.length - start)
    const chunk = items.slice(start, start + size)
    start += chunk.length
    yield { chunk, size }
  }
}

/** A completion's result as bound: NULL for the JSON `null` (most handlers return nothing). */
function resultParam(c: Change): string | null {
  return c.result === undefined || c.result === 'null' ? null : c.result
}

const completeStatements = new Map<string, string>()

/**
 * Fenced by id + lock token + state `active` (see `unindexed` for the `+`). The completions come as
 * a VALUES list of bound (id, result, stats), or (id, token, result, stats) with the token per row
 * (`each`), not as one JSON text that SQLite parses and extracts the fields from per row: the
 * statement alone 3.4-4.1 instead of 4.5-6.4 us per job. `size` rows (`valuesRows`): padding rows
 * have a NULL id and match nothing. One statement per batch matters: 300 completions as 256 + 32 +
 * 8 + 4 statements were 2-4% slower than json_each. `one`: the token bound once, the rows stamped
 * (`settleStamp`, bound second) and nothing returned; `each`: the ids returned.
 */
function completeSqlite(n: Names, size: number, token: 'one' | 'each' | 'each-returning-token'): string {
  const key = `${n.jobs}|${size}|${token}`
  let sql = completeStatements.get(key)
  if (sql === undefined) {
    const one = token === 'one'
    const [result, stats] = one ? ['o.column2', 'o.column3'] : ['o.column3', 'o.column4']
    sql = `UPDATE ${n.jobs} AS t SET state = 'completed', result = COALESCE(${result}, 'null'), finished_at = ?,${one ? ' lock_token = ?,' : ''}
  stats = COALESCE(${stats}, t.stats), locked_by = NULL, locked_until = NULL
FROM (VALUES ${Array.from({ length: size }, () => (one ? '(?, ?, ?)' : '(?, ?, ?, ?)')).join(', ')}) AS o
WHERE t.id = o.column1 AND t.lock_token = ${one ? '?' : 'o.column2'} AND ${unindexed(n, 't.state')} = 'active'${one ? '' : `
RETURNING ${token === 'each-returning-token' ? RETURNED : 'id'}`}`
    completeStatements.set(key, sql)
  }
  return sql
}

function changeSqlite(n: Names): string {
  return `UPDATE ${n.jobs} AS t SET state = o.state,
  result = CASE WHEN o.state = 'completed' THEN o.result ELSE t.result END,
  last_error = COALESCE(o.error, t.last_error),
  run_at = COALESCE(o.run_at, t.run_at),
  attempts = max(0, t.attempts - o.give_back),
  finished_at = CASE WHEN o.state IN ('completed', 'failed') THEN ? ELSE NULL END,
  stats = COALESCE(o.stats, t.stats),
  locked_by = NULL, locked_until = NULL
FROM (SELECT value ->> 0 AS id, value ->> 1 AS token, value ->> 2 AS state, value -> 3 AS result, value ->> 4 AS error,
  value ->> 5 AS run_at, value ->> 6 AS give_back, NULLIF(value -> 7, 'null') AS stats FROM json_each(?)) AS o
WHERE t.id = o.id AND t.lock_token = o.token AND ${unindexed(n, 't.state')} = 'active'
RETURNING ${RETURNED}`
}

/** `col = CASE id WHEN … THEN … ELSE col END` for the changes that set `col`. */
function caseColumn(b: Bind, column: string, entries: [number, SqlValue][]): string | null {
  if (entries.length === 0) return null
  return `${column} = CASE id ${entries.map(([id, value]) => `WHEN ${b.v(id)} THEN ${b.v(value)}`).join(' ')} ELSE ${column} END`
}

/** MySQL has no UPDATE … RETURNING: lock the fenced rows first, then one UPDATE with CASE columns. */
async function settleMysql(executor: Executor, n: Names, changes: Change[], now: number): Promise<Applied> {
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
