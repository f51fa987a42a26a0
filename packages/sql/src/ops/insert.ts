import type { InsertLease, InsertResult, Job, NewJob } from '@queue/core'
import { insertedJob, leasedInsertedJob, UNFINISHED_STATES } from '@queue/core'
import type { Executor, QueryResult, Row, SqlValue } from '../executor.js'
import { Bind, literals, VALUES_ROWS_MAX, valuesRows } from '../store/bind.js'
import { isUniqueViolation } from '../store/errors.js'
import type { Names } from '../store/names.js'
import { toJob, toJson } from '../store/rows.js'
import { READY_COLUMNS, SCHEMA_VERSION_COLUMN, WRITTEN_VERSION } from '../schema/postgres-v3.js'
import { lockToken } from './claim.js'

const UNFINISHED = literals(UNFINISHED_STATES)
const COLUMNS = 'queue, name, payload, state, priority, max_attempts, backoff, timeout_ms, run_at, group_key, unique_key'
const PG_RECORD =
  'queue text, name text, payload json, state text, priority integer, max_attempts integer, backoff json, timeout_ms bigint, run_at bigint, group_key text, unique_key text'

interface Encoded {
  /** The input this row encodes (not sent: the returned job is built from it). */
  source: NewJob
  queue: string
  name: string
  payload: string
  /** `active` only in a leased insert (`insertLeasedJob`). */
  state: 'scheduled' | 'ready' | 'active'
  priority: number
  max_attempts: number
  backoff: string
  timeout_ms: number | null
  run_at: number
  group_key: string | null
  unique_key: string | null
}

function encode(job: NewJob, now: number): Encoded {
  const runAt = job.runAt.getTime()
  return {
    source: job,
    queue: job.queue,
    name: job.name,
    payload: toJson(job.payload),
    state: runAt > now ? 'scheduled' : 'ready',
    priority: job.priority,
    max_attempts: job.maxAttempts,
    backoff: backoffText(job.backoff),
    timeout_ms: job.timeoutMs,
    run_at: runAt,
    group_key: job.groupKey,
    unique_key: job.uniqueKey,
  }
}

/** Texts of frozen backoffs (the default one): they cannot change, so each is serialised once. */
const frozenBackoffs = new WeakMap<object, string>()

function backoffText(backoff: NewJob['backoff']): string {
  if (typeof backoff !== 'object' || backoff === null || !Object.isFrozen(backoff)) return toJson(backoff)
  let text = frozenBackoffs.get(backoff)
  if (text === undefined) frozenBackoffs.set(backoff, (text = toJson(backoff)))
  return text
}

/**
 * Inserts a batch in one statement (postgres, sqlite) and returns one result per input, in order.
 * The first statement is issued synchronously, before this function returns, so a better-sqlite3
 * caller inside `db.transaction(() => …)` gets its row written inside its transaction.
 * `reuse` (`InsertParams.reusePayloads`): new jobs come back with their input's payload, unparsed.
 */
export function insertJobs(executor: Executor, n: Names, jobs: readonly NewJob[], now: number, reuse = false): Promise<InsertResult[]> {
  if (jobs.length === 0) return Promise.resolve([])
  const rows = jobs.map((job) => encode(job, now))
  const made = (id: unknown, row: Encoded): Job => insertedJob(String(id), row.source, new Date(now), row, reuse)
  if (n.dialect === 'mysql') return insertMysql(executor, n, rows, now, made)
  const b = new Bind(n.dialect)
  if (n.dialect === 'sqlite' && executor.reportsInsertId === true && rows.every((row) => row.unique_key === null)) {
    // No uniqueKey, no conflict: every row goes in, numbered consecutively, so nothing needs to come back.
    const sql = insertSqlite(n, b, rows, now, false)
    return executor.query(sql, b.values).then((result) => matchInserted(executor, n, rows, consecutiveIds(result, rows.length), now, made))
  }
  const sql = n.dialect === 'postgres' ? insertPostgres(n, b, rows, now) : insertSqlite(n, b, rows, now)
  return executor.query(sql, b.values).then((result) => matchInserted(executor, n, rows, result.rows, now, made))
}

/**
 * `insert({ lease })` (core's handoff of `queue.add` to an idle worker): one job stored as a claim
 * leaves it, `active` with its first attempt counted and leased to `lease.workerId` under a new
 * token, so that worker runs it without a claim. postgres records the lease in `claims` as a claim
 * of one job (reclaim reads expired leases there) and writes no `ready` row and no notification;
 * sqlite's active index and MySQL's state index are the lease's record. The caller has checked the job
 * (`validateLeasedInsert`): due, no groupKey, no uniqueKey, no transaction.
 */
export async function insertLeasedJob(executor: Executor, n: Names, job: NewJob, now: number, lease: InsertLease, reuse = false): Promise<InsertResult[]> {
  const row: Encoded = { ...encode(job, now), state: 'active' }
  const token = lockToken()
  const until = now + lease.leaseMs
  const id = n.dialect === 'mysql' ? await leasedMysql() : await leasedReturning()
  if (id === undefined || id === null) throw new Error('a leased insert returned no id')
  const at = new Date(now)
  return [{ job: leasedInsertedJob(insertedJob(String(id), job, at, row, reuse), lease, at), duplicate: false, lease: { id: String(id), token } }]

  async function leasedReturning(): Promise<unknown> {
    const b = new Bind(n.dialect)
    const { rows, lastInsertId } = await executor.query(n.dialect === 'postgres' ? leasedPostgres(b) : leasedSqlite(b), b.values)
    return rows[0]?.id ?? lastInsertId
  }

  // MySQL: no RETURNING, so the id comes from LAST_INSERT_ID() in the same transaction (as `insertMysql`).
  function leasedMysql(): Promise<unknown> {
    return executor.transaction(async (tx) => {
      const b = new Bind('mysql')
      const values = [...rowParams(row), now, 1, lease.workerId, until, token, now]
      await tx.query(`INSERT INTO ${n.jobs} (${COLUMNS}, created_at, attempts, locked_by, locked_until, lock_token, started_at) VALUES (${b.list(values)})`, b.values)
      const { rows } = await tx.query('SELECT LAST_INSERT_ID() AS id')
      return rows[0]?.id
    })
  }

  function leasedPostgres(b: Bind): string {
    const values = [...rowValues(b, row, () => `${b.v(row.payload)}::text`, true), b.big(now)]
    const held = [`${b.v(lease.workerId)}::text`, b.big(until), `${b.v(token)}::text`]
    return `WITH ins AS (
  INSERT INTO ${n.jobs} (${COLUMNS}, created_at, ${PG_V3_COLUMNS}, attempts, locked_by, locked_until, lock_token, started_at)
  VALUES (${values.join(', ')}, ${pgV3Values(values)}, 1, ${held.join(', ')}, ${values.at(-1)})
  RETURNING id
), held AS (
  INSERT INTO ${n.claims} (token, until, pending, ids) SELECT ${held[2]}, ${held[1]}, 1, ARRAY[ins.id] FROM ins
)
SELECT ins.id FROM ins`
  }

  function leasedSqlite(b: Bind): string {
    const values = [...rowValues(b, row, () => b.v(row.payload), false), b.v(now), '1', b.v(lease.workerId), b.v(until), b.v(token), b.v(now)]
    const returning = executor.reportsInsertId === true ? '' : SQLITE_RETURNING
    return `INSERT INTO ${n.jobs} (${COLUMNS}, created_at, attempts, locked_by, locked_until, lock_token, started_at) VALUES (${values.join(', ')})${returning}`
  }
}

/**
 * sqlite: the rows an INSERT of `count` rows without RETURNING made, as RETURNING would give them.
 * One statement's rows take consecutive ids under `AUTOINCREMENT` (SQLite has one writer at a time);
 * RETURNING cost 18% of a webhook-sized insert with its commit (docs/benchmarks.md, session 14).
 */
function consecutiveIds(result: QueryResult, count: number): Row[] {
  const last = result.lastInsertId
  if (last === undefined || result.affected !== count) throw new Error(`insert of ${count} jobs changed ${result.affected} rows`)
  return Array.from({ length: count }, (_, i) => ({ id: last - count + 1 + i, unique_key: null }))
}

/** The job a new row of the batch returns as (see `insertedJob`). */
type MakeJob = (id: unknown, row: Encoded) => Job

/**
 * The row every row of the batch equals but for its payload, or null. A batch from one `addMany`
 * call usually is one: same queue, name and options, one `now`. Rows with a uniqueKey never count
 * (each key differs, and duplicates need the general statement's per-row matching).
 */
function uniform(rows: readonly Encoded[]): Encoded | null {
  const first = rows[0] as Encoded
  if (rows.length < 2 || first.unique_key !== null) return null
  for (const r of rows) {
    if (r.queue !== first.queue || r.name !== first.name || r.run_at !== first.run_at || r.priority !== first.priority || r.backoff !== first.backoff) return null
    if (r.max_attempts !== first.max_attempts || r.timeout_ms !== first.timeout_ms || r.group_key !== first.group_key || r.unique_key !== null) return null
  }
  return first
}

/**
 * The rows as one JSON array. Payload and backoff go in as JSON values, not as strings holding
 * JSON: escaping every payload a second time, and unescaping it in the database, was a visible
 * share of a bulk insert.
 */
function rowsJson(rows: readonly Encoded[]): string {
  let out = '['
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Encoded
    out += `${i === 0 ? '' : ','}{"queue":${JSON.stringify(r.queue)},"name":${JSON.stringify(r.name)},"payload":${r.payload},"state":"${r.state}","priority":${r.priority},"max_attempts":${r.max_attempts},"backoff":${r.backoff},"timeout_ms":${r.timeout_ms ?? 'null'},"run_at":${r.run_at},"group_key":${r.group_key === null ? 'null' : JSON.stringify(r.group_key)},"unique_key":${r.unique_key === null ? 'null' : JSON.stringify(r.unique_key)}}`
  }
  return `${out}]`
}

/**
 * postgres (schema v3): the columns only v3 writes on insert, the schema version and the keys a new
 * (unfinished) job holds; `pgV3Values` gives their values from the row's `rowValues`.
 */
const PG_V3_COLUMNS = `${SCHEMA_VERSION_COLUMN}, live_group, live_key`

function pgV3Values(values: readonly string[]): string {
  return `${WRITTEN_VERSION}, ${values[COLUMN_INDEX.group_key]}, ${values[COLUMN_INDEX.unique_key]}`
}

const COLUMN_INDEX = { group_key: COLUMNS.split(', ').indexOf('group_key'), unique_key: COLUMNS.split(', ').indexOf('unique_key') }

/** postgres (schema v3): what an insert returns to its own statement, and the `ready` row each new job gets there. */
const PG_INSERTED = `id, unique_key, queue, state, priority, run_at, group_key`
function pgReadied(n: Names): string {
  return `readied AS (INSERT INTO ${n.ready} (${READY_COLUMNS}) SELECT ${READY_COLUMNS} FROM ins)`
}

/**
 * One statement: the rows arrive as one JSON parameter, and pg_notify runs in the same statement.
 * Only ids (and keys, to match duplicates) come back: the job is built from its input.
 */
function insertPostgres(n: Names, b: Bind, rows: Encoded[], now: number): string {
  if (rows.length === 1) return insertPostgresOne(n, b, rows[0] as Encoded, now)
  const same = uniform(rows)
  return same === null ? insertPostgresRows(n, b, rows, now) : insertPostgresUniform(n, b, rows, same, now)
}

/**
 * `ON CONFLICT DO NOTHING` for a batch with a uniqueKey, the only column a new row can collide on.
 * Without one the clause is left out: it makes PostgreSQL insert speculatively (check every unique
 * index, insert, confirm): ~10 us of server time per `queue.add` (docs/benchmarks.md).
 */
function onConflict(rows: readonly Encoded[]): string {
  return rows.some((r) => r.unique_key !== null) ? '\n  ON CONFLICT DO NOTHING' : ''
}

/**
 * One job (`queue.add`): its values as typed parameters, nothing to split, and the wake-up in the
 * select list (no DISTINCT over one row; as text, since Prisma cannot read a `void` column).
 * Server time per statement, commit excluded: 53-58 us with `ON CONFLICT` and the batch form,
 * 37-40 us like this, 25-27 us for the raw loop's 1-column insert.
 */
function insertPostgresOne(n: Names, b: Bind, row: Encoded, now: number): string {
  // The text depends only on the names and on whether the job has a uniqueKey: built once each, so
  // a `queue.add` neither writes it anew nor hashes a new string to find its prepared statement.
  const key = `${n.jobs}|${row.unique_key !== null}`
  let sql = oneInserts.get(key)
  if (sql === undefined) {
    const shape = new Bind('postgres')
    const values = [...rowValues(shape, row, () => `${shape.v(row.payload)}::text`, true), shape.big(now)]
    sql = `WITH ins AS (
  INSERT INTO ${n.jobs} (${COLUMNS}, created_at, ${PG_V3_COLUMNS}) VALUES (${values.join(', ')}, ${pgV3Values(values)})${onConflict([row])}
  RETURNING ${PG_INSERTED}
), ${pgReadied(n)}
SELECT ins.id, ins.unique_key, CASE WHEN ins.state = 'ready' THEN pg_notify(${shape.v(n.channel)}, ins.queue)::text END AS woke FROM ins`
    oneInserts.set(key, sql)
  }
  // The parameters in the order the text numbers them: COLUMNS, created_at, the channel.
  b.values.push(...rowParams(row), now, n.channel)
  return sql
}

const oneInserts = new Map<string, string>()

/**
 * A uniform batch (see `uniform`): the shared columns once as parameters and the payloads as one
 * JSON array, which PostgreSQL splits without naming a key per row. Against a JSON object per row
 * this took `addMany` of 20,000 jobs from ~47,000 to ~97,000 jobs/s (the raw multi-row insert:
 * ~135,000 in the same run; docs/benchmarks.md).
 */
function insertPostgresUniform(n: Names, b: Bind, rows: Encoded[], same: Encoded, now: number): string {
  const values = rowValues(b, same, () => 'p.value::text', true)
  return `WITH ins AS (
  INSERT INTO ${n.jobs} (${COLUMNS}, created_at, ${PG_V3_COLUMNS})
  SELECT ${values.join(', ')}, ${b.big(now)}, ${pgV3Values(values)} FROM json_array_elements(${b.v(payloadsJson(rows))}::json) AS p
  RETURNING ${PG_INSERTED}
), ${pgReadied(n)}, woke AS (
  SELECT pg_notify(${b.v(n.channel)}, q.queue) FROM (SELECT DISTINCT queue FROM ins WHERE state = 'ready') q
)
SELECT ins.id, ins.unique_key, (SELECT count(*) FROM woke) AS woke FROM ins ORDER BY ins.id`
}

function insertPostgresRows(n: Names, b: Bind, rows: Encoded[], now: number): string {
  // A JSON null comes out of json_to_recordset as SQL NULL: stored as the JSON text `null`.
  const values = COLUMNS.split(', ').map((column) => (column === 'payload' || column === 'backoff' ? `COALESCE(${column}::text, 'null')` : column))
  return `WITH ins AS (
  INSERT INTO ${n.jobs} (${COLUMNS}, created_at, ${PG_V3_COLUMNS})
  SELECT ${values.join(', ')}, ${b.v(now)}::bigint, ${pgV3Values(values)} FROM json_to_recordset(${b.v(rowsJson(rows))}::json) AS i(${PG_RECORD})${onConflict(rows)}
  RETURNING ${PG_INSERTED}
), ${pgReadied(n)}, woke AS (
  SELECT pg_notify(${b.v(n.channel)}, q.queue) FROM (SELECT DISTINCT queue FROM ins WHERE state = 'ready') q
)
SELECT ins.id, ins.unique_key, (SELECT count(*) FROM woke) AS woke FROM ins ORDER BY ins.id`
}

/** The payloads of a batch as one JSON array (each payload is already JSON text). */
function payloadsJson(rows: readonly Encoded[]): string {
  let out = '['
  for (let i = 0; i < rows.length; i++) out += `${i === 0 ? '' : ','}${(rows[i] as Encoded).payload}`
  return `${out}]`
}

/** A row's values in COLUMNS order: the one place that order is written down for parameters. */
function rowParams(row: Encoded): SqlValue[] {
  return [row.queue, row.name, row.payload, row.state, row.priority, row.max_attempts, row.backoff, row.timeout_ms, row.run_at, row.group_key, row.unique_key]
}

/** The postgres type of each of COLUMNS, for typed parameters. */
const COLUMN_TYPES = ['text', 'text', 'text', 'text', 'integer', 'integer', 'text', 'bigint', 'bigint', 'text', 'text']
const PAYLOAD_INDEX = COLUMNS.split(', ').indexOf('payload')

/**
 * A row's columns in COLUMNS order as bound values (`cast`: with postgres types); `payload` gives the
 * payload column's expression, bound in its place. For a uniform batch `row` is the shared one.
 */
function rowValues(b: Bind, row: Encoded, payload: () => string, cast: boolean): string[] {
  return rowParams(row).map((value, i) => (i === PAYLOAD_INDEX ? payload() : `${b.v(value)}${cast ? `::${COLUMN_TYPES[i]}` : ''}`))
}

const valuesInserts = new Map<string, string>()

/**
 * sqlite, a uniform batch of up to VALUES_ROWS_MAX (larger ones go through json_each): the payloads
 * bound one per VALUES row, the shared columns once, instead of one JSON array that SQLite parses
 * and quotes back per row (11-19% of a webhook-sized insert's CPU). The row count is `valuesRows`:
 * NULL payloads pad it and `WHERE` drops them.
 */
function insertSqliteValues(n: Names, b: Bind, rows: readonly Encoded[], same: Encoded, now: number, returning: boolean): string {
  const size = valuesRows(rows.length)
  const key = `${n.jobs}|${size}|${returning}`
  let sql = valuesInserts.get(key)
  if (sql === undefined) {
    const shared = COLUMNS.split(', ').map((column) => (column === 'payload' ? 'p.column1' : '?'))
    sql = `INSERT INTO ${n.jobs} (${COLUMNS}, created_at)
SELECT ${shared.join(', ')}, ? FROM (VALUES ${Array.from({ length: size }, () => '(?)').join(', ')}) AS p WHERE p.column1 IS NOT NULL${returning ? SQLITE_RETURNING : ''}`
    valuesInserts.set(key, sql)
  }
  // The shared columns (the payload is per VALUES row), then created_at.
  b.values.push(...rowParams(same).filter((_, i) => i !== PAYLOAD_INDEX), now)
  for (const row of rows) b.values.push(row.payload)
  for (let i = rows.length; i < size; i++) b.values.push(null)
  return sql
}

/** What a sqlite insert returns when it must: the ids, and the keys to match duplicates. */
const SQLITE_RETURNING = '\nRETURNING id, unique_key'

/** `returning`: false when nothing needs to come back (`consecutiveIds`). */
function insertSqlite(n: Names, b: Bind, rows: Encoded[], now: number, returning = true): string {
  const same = uniform(rows)
  const tail = returning ? SQLITE_RETURNING : ''
  if (same !== null && rows.length <= VALUES_ROWS_MAX) return insertSqliteValues(n, b, rows, same, now, returning)
  if (same !== null) {
    // json_each gives a string element as SQL text and a number as a number: quote them back to JSON.
    const payload = "CASE type WHEN 'object' THEN value WHEN 'array' THEN value WHEN 'null' THEN 'null' WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE json_quote(value) END"
    return `INSERT INTO ${n.jobs} (${COLUMNS}, created_at)
SELECT ${rowValues(b, same, () => payload, false).join(', ')}, ${b.v(now)} FROM json_each(${b.v(payloadsJson(rows))}) WHERE true${tail}`
  }
  // One text per shape (as `insertPostgresOne`): `queue.add` takes this path.
  const conflict = onConflict(rows)
  const key = `${n.jobs}|${conflict}|${tail}`
  let sql = rowsInserts.get(key)
  if (sql === undefined) {
    // `WHERE true` tells the parser that ON CONFLICT belongs to the INSERT, not to a join.
    sql = `INSERT INTO ${n.jobs} (${COLUMNS}, created_at)
SELECT ${ROW_FIELDS}, ? FROM json_each(?) WHERE true${conflict}${tail}`
    rowsInserts.set(key, sql)
  }
  b.values.push(now, rowsJson(rows))
  return sql
}

/** `->` gives payload and backoff back as JSON text; `->>` the other fields as SQL values. */
const ROW_FIELDS = COLUMNS.split(', ')
  .map((column) => `value ${column === 'payload' || column === 'backoff' ? '->' : '->>'} '$.${column}'`)
  .join(', ')

const rowsInserts = new Map<string, string>()

/** The rows by ascending id: as they come (the statements return them so), else sorted. */
function inIdOrder(rows: Row[]): Row[] {
  let previous = Number.NEGATIVE_INFINITY
  for (const row of rows) {
    const id = Number(row.id)
    if (!(id > previous)) return [...rows].sort((a, b) => Number(a.id) - Number(b.id))
    previous = id
  }
  return rows
}

/**
 * The inserted rows come back in input order minus the inputs whose uniqueKey was already held
 * (by a stored job, or by an earlier input of this batch); those get the holder as `duplicate`.
 */
async function matchInserted(executor: Executor, n: Names, inputs: Encoded[], inserted: Row[], now: number, made: MakeJob, depth = 0): Promise<InsertResult[]> {
  if (inserted.length === 1 && inputs.length === 1) {
    // `queue.add`: its one row, whatever its key (a duplicate returns no row).
    return [{ job: made((inserted[0] as Row).id, inputs[0] as Encoded), duplicate: false }]
  }
  const sorted = inIdOrder(inserted)
  if (inputs.every((input) => input.unique_key === null)) {
    // No keys, no duplicates: row i is input i (the key bookkeeping below was ~10% of a bulk insert's CPU).
    if (sorted.length !== inputs.length) throw new Error(`insert returned ${sorted.length} rows for ${inputs.length} jobs`)
    return inputs.map((input, i) => ({ job: made((sorted[i] as Row).id, input), duplicate: false }))
  }
  const insertedKeys = new Set(sorted.flatMap((row) => (row.unique_key == null ? [] : [String(row.unique_key)])))
  const seen = new Set<string>()
  const results: (InsertResult | string)[] = []
  let next = 0
  for (const input of inputs) {
    const key = input.unique_key
    if (key === null || (insertedKeys.has(key) && !seen.has(key))) {
      if (key !== null) seen.add(key)
      const row = sorted[next++]
      if (row === undefined) throw new Error('insert returned fewer rows than it inserted')
      results.push({ job: made(row.id, input), duplicate: false })
    } else {
      results.push(key)
    }
  }
  const missing = [...new Set(results.filter((r): r is string => typeof r === 'string'))]
  if (missing.length === 0) return results as InsertResult[]
  const holders = await holdersOf(executor, n, missing)
  const unheld = inputs.filter((input) => input.unique_key !== null && missing.includes(input.unique_key) && !holders.has(input.unique_key))
  // The holder finished between our insert and this lookup: the key is free again, insert anew.
  const reinserted = new Set<string>()
  if (unheld.length > 0 && depth < 3) {
    const b = new Bind(n.dialect)
    const firsts = [...new Map(unheld.map((input) => [input.unique_key, input])).values()]
    const sql = n.dialect === 'postgres' ? insertPostgres(n, b, firsts, now) : insertSqlite(n, b, firsts, now)
    const again = await matchInserted(executor, n, firsts, (await executor.query(sql, b.values)).rows, now, made, depth + 1)
    for (const r of again) {
      if (r.job.uniqueKey === null) continue
      holders.set(r.job.uniqueKey, r.job)
      if (!r.duplicate) reinserted.add(r.job.uniqueKey)
    }
  }
  return results.map((r) => {
    if (typeof r !== 'string') return r
    const job = holders.get(r)
    if (job === undefined) throw new Error(`uniqueKey ${r} is neither inserted nor held`)
    // The first input of a re-inserted key is the one that created it; later ones are duplicates.
    return { job, duplicate: !reinserted.delete(r) }
  })
}

async function holdersOf(executor: Executor, n: Names, keys: string[]): Promise<Map<string, ReturnType<typeof toJob>>> {
  const b = new Bind(n.dialect)
  // postgres: `live_key` is the key while the job is unfinished (schema v3's unique index).
  const held = n.dialect === 'postgres' ? `live_key IN (${b.list(keys)})` : `unique_key IN (${b.list(keys)}) AND state IN (${UNFINISHED})`
  const { rows } = await executor.query(`SELECT * FROM ${n.jobs} WHERE ${held}`, b.values)
  return new Map(rows.map((row) => [String(row.unique_key), toJob(row)]))
}

/** Rows per multi-row INSERT on MySQL (12 values each, well inside the 65,535 placeholders of a statement). */
const MYSQL_ROWS_PER_INSERT = 500

/**
 * MySQL has no RETURNING. Without a uniqueKey in the batch: one multi-row INSERT per 500 rows, and
 * the ids from `LAST_INSERT_ID()` (the first row's) and `@@auto_increment_increment`: InnoDB gives a
 * "simple insert", whose row count is known before it runs, its values in one allocation in every
 * `innodb_autoinc_lock_mode`, so they run consecutively by that step. Each uniqueKey row needs its own
 * statement (a conflict answers with the holder), so a batch with any goes row by row. The per-row
 * INSERT and SELECT made `addMany` of 20,000 jobs ~3,100 jobs/s on MariaDB (docs/benchmarks.md, session 16).
 */
function insertMysql(executor: Executor, n: Names, rows: Encoded[], now: number, made: MakeJob): Promise<InsertResult[]> {
  if (rows.length > 1 && rows.every((row) => row.unique_key === null)) return insertMysqlRows(executor, n, rows, now, made)
  return executor.transaction(async (tx) => {
    const results: InsertResult[] = []
    for (const row of rows) {
      const b = new Bind('mysql')
      const values = [...rowParams(row), now]
      try {
        await tx.query(`INSERT INTO ${n.jobs} (${COLUMNS}, created_at) VALUES (${b.list(values)})`, b.values)
      } catch (error) {
        if (!isUniqueViolation(error) || row.unique_key === null) throw error
        const holder = (await holdersOf(tx, n, [row.unique_key])).get(row.unique_key)
        if (holder === undefined) throw error
        results.push({ job: holder, duplicate: true })
        continue
      }
      const { rows: inserted } = await tx.query('SELECT LAST_INSERT_ID() AS id')
      if (inserted[0] === undefined) throw new Error('inserted job not found')
      results.push({ job: made(inserted[0].id, row), duplicate: false })
    }
    return results
  })
}

function insertMysqlRows(executor: Executor, n: Names, rows: Encoded[], now: number, made: MakeJob): Promise<InsertResult[]> {
  return executor.transaction(async (tx) => {
    const results: InsertResult[] = []
    for (let k = 0; k < rows.length; k += MYSQL_ROWS_PER_INSERT) {
      const chunk = rows.slice(k, k + MYSQL_ROWS_PER_INSERT)
      const b = new Bind('mysql')
      const tuples = chunk.map((row) => `(${b.list([...rowParams(row), now])})`)
      const { affected } = await tx.query(`INSERT INTO ${n.jobs} (${COLUMNS}, created_at) VALUES ${tuples.join(', ')}`, b.values)
      if (affected !== chunk.length) throw new Error(`insert of ${chunk.length} jobs changed ${affected} rows`)
      const { rows: first } = await tx.query('SELECT LAST_INSERT_ID() AS id, @@auto_increment_increment AS step')
      const id = Number(first[0]?.id)
      const step = Number(first[0]?.step)
      if (!Number.isSafeInteger(id) || id <= 0 || !Number.isSafeInteger(step) || step <= 0) throw new Error('a multi-row insert returned no id')
      chunk.forEach((row, i) => results.push({ job: made(id + i * step, row), duplicate: false }))
    }
    return results
  })
}
