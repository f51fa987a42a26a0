import { CLAIMABLE_STATES, UNFINISHED_STATES } from '@queue/core'
import type { Dialect } from '../executor.js'
import { literals } from '../store/bind.js'
import { names as buildNames, type Names } from '../store/names.js'
import { CLAIMED_COLUMNS } from '../store/rows.js'
import { BY_PRIMARY_KEY, postgresV3, settleUpdate } from './postgres-v3.js'

/** One schema version: idempotent statements (IF NOT EXISTS), never dropping job data. */
export interface Migration {
  version: number
  name: string
  statements: string[]
}

const CLAIMABLE = literals(CLAIMABLE_STATES)
const UNFINISHED = literals(UNFINISHED_STATES)

/**
 * Version 1, postgres. Times are BIGINT epoch ms (the port's `now` is injectable, so the database
 * clock is never used). JSON is TEXT: we parse it ourselves, and TEXT inserts cheaper than jsonb.
 * Every index a hot query uses is partial on unfinished states, so a million finished rows cost the
 * claim nothing; `group_active` makes "one active job per group" a database guarantee.
 */
function postgresV1(n: Names): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${n.jobs} (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue TEXT NOT NULL,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  backoff TEXT NOT NULL,
  timeout_ms BIGINT,
  run_at BIGINT NOT NULL,
  group_key TEXT,
  unique_key TEXT,
  result TEXT,
  last_error TEXT,
  progress TEXT,
  locked_by TEXT,
  locked_until BIGINT,
  lock_token TEXT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  stats TEXT
)`,
    ...partialIndexes(n),
    postgresClaimFunction(n),
    postgresSettleFunction(n, 'settle'),
    postgresRenewFunction(n),
    postgresReclaimFunction(n),
  ]
}

/**
 * Applies a batch of outcomes (see ops/settle.ts); wakes listeners of released jobs' queues.
 * `settle` (v1) takes result and stats as strings holding JSON, `settle_batch` (v2) as JSON values.
 */
function postgresSettleFunction(n: Names, name: 'settle' | 'settle_batch'): string {
  return `CREATE OR REPLACE FUNCTION ${n.fn(name)}(p_now bigint, p_changes text, p_channel text)
RETURNS TABLE (id bigint, queue text, state text, lock_token text) LANGUAGE plpgsql VOLATILE ${BY_PRIMARY_KEY} AS $settle$
#variable_conflict use_column
BEGIN
  RETURN QUERY WITH done AS (
    ${settleUpdate(n, name === 'settle_batch')}
    RETURNING t.id, t.queue, t.state, t.lock_token
  ), woke AS (
    SELECT pg_notify(p_channel, q.queue) FROM (SELECT DISTINCT d.queue FROM done d WHERE d.state = 'ready') q
  )
  SELECT d.id, d.queue, d.state, d.lock_token FROM done d WHERE (SELECT count(*) FROM woke) >= 0;
END
$settle$`
}

/** Extends the leases still held (`p_leases`: JSON array of { id, token }). */
function postgresRenewFunction(n: Names): string {
  return `CREATE OR REPLACE FUNCTION ${n.fn('renew')}(p_until bigint, p_leases text)
RETURNS TABLE (id bigint, lock_token text) LANGUAGE plpgsql VOLATILE ${BY_PRIMARY_KEY} AS $renew$
#variable_conflict use_column
BEGIN
  RETURN QUERY WITH renewed AS (
    UPDATE ${n.jobs} AS t SET locked_until = p_until
    FROM json_to_recordset(p_leases::json) AS o(id bigint, token text)
    WHERE t.id = o.id AND t.lock_token = o.token AND (t.state || '') = 'active'
    RETURNING t.id, t.lock_token
  )
  SELECT r.id, r.lock_token FROM renewed r;
END
$renew$`
}

/** Expired leases back to ready (or failed without attempts left); the state index finds them. */
function postgresReclaimFunction(n: Names): string {
  return `CREATE OR REPLACE FUNCTION ${n.fn('reclaim')}(p_now bigint, p_limit integer, p_channel text, p_error text)
RETURNS TABLE (queue text, state text) LANGUAGE plpgsql VOLATILE SET enable_seqscan = off AS $reclaim$
#variable_conflict use_column
BEGIN
  RETURN QUERY WITH moved AS (
    UPDATE ${n.jobs} AS t SET state = CASE WHEN t.attempts >= t.max_attempts THEN 'failed' ELSE 'ready' END,
      finished_at = CASE WHEN t.attempts >= t.max_attempts THEN p_now ELSE NULL END,
      last_error = p_error, locked_by = NULL, locked_until = NULL, lock_token = NULL
    WHERE t.id IN (SELECT j.id FROM ${n.jobs} j WHERE j.state = 'active' AND j.locked_until <= p_now ORDER BY j.locked_until, j.id LIMIT p_limit FOR UPDATE SKIP LOCKED)
    RETURNING t.queue, t.state
  ), woke AS (
    SELECT pg_notify(p_channel, q.queue) FROM (SELECT DISTINCT m.queue FROM moved m WHERE m.state = 'ready') q
  )
  SELECT m.queue, m.state FROM moved m WHERE (SELECT count(*) FROM woke) >= 0;
END
$reclaim$`
}

/** The claim functions' priority range and serial-group rule (the head of its group, nothing of it active). */
function claimFilters(n: Names): string {
  return `(p_min IS NULL OR j.priority >= p_min) AND (p_max IS NULL OR j.priority <= p_max)
      AND (j.group_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM ${n.jobs} g WHERE g.group_key = j.group_key AND g.state IN (${UNFINISHED}) AND g.id <> j.id AND (g.id < j.id OR g.state = 'active')))`
}

/**
 * The hot statements are plpgsql functions: plpgsql caches their plans per session, where a SQL
 * function re-plans on every call (settle A/B, same run: 10.5-14.5 ms vs 16-18 ms per batch).
 *
 * The claim as a function, for one reason: `SET enable_sort = off`. A queue table's statistics
 * are always stale, and on a fresh one the planner estimated 28 claimable rows, chose a bitmap scan
 * and sorted all 20,000 of them on every claim (25 ms instead of 0.2 ms). Only the claim index
 * delivers rows in claim order, so with sorting priced out it is the plan whatever the statistics.
 * `p_queues` is a JSON array of names or NULL for all queues.
 */
function postgresClaimFunction(n: Names): string {
  return `CREATE OR REPLACE FUNCTION ${n.fn('claim')}(p_now bigint, p_limit integer, p_worker text, p_until bigint, p_token text, p_queues text, p_min integer, p_max integer)
RETURNS SETOF ${n.jobs} LANGUAGE plpgsql VOLATILE SET enable_sort = off AS $claim$
#variable_conflict use_column
BEGIN
  RETURN QUERY WITH picked AS (
    SELECT j.id FROM ${n.jobs} j
    WHERE j.state IN (${CLAIMABLE}) AND j.run_at <= p_now
      AND (p_queues IS NULL OR j.queue IN (SELECT json_array_elements_text(p_queues::json)))
      AND ${claimFilters(n)}
    ORDER BY j.priority DESC, j.run_at, j.id
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
    UPDATE ${n.jobs} AS t SET state = 'active', attempts = t.attempts + 1, locked_by = p_worker, locked_until = p_until, lock_token = p_token, started_at = p_now
    FROM picked WHERE t.id = picked.id
    RETURNING t.*
  )
  SELECT * FROM claimed;
END
$claim$`
}

/**
 * The same indexes on postgres and sqlite (both have partial indexes). Every index on `state` is
 * rewritten by each claim and settle, so there are as few as the hot path allows: the claim index
 * (unfinished only), the group pair (grouped jobs only), uniqueKey (keyed jobs only), and one
 * (state, queue, id) index that serves counts, list by state, reclaim (`state = 'active'`) and
 * prune. Dropping a separate per-queue claim index, a lease index and a finished_at index cut the
 * SQLite drain's cost per batch by about a third (fewer pages per synchronous commit).
 */
function partialIndexes(n: Names): string[] {
  const table = n.jobs
  return [
    `CREATE INDEX IF NOT EXISTS ${n.index('claim')} ON ${table} (priority DESC, run_at, id) WHERE state IN (${CLAIMABLE})`,
    `CREATE INDEX IF NOT EXISTS ${n.index('group_head')} ON ${table} (group_key, id) WHERE group_key IS NOT NULL AND state IN (${UNFINISHED})`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${n.index('group_active')} ON ${table} (group_key) WHERE group_key IS NOT NULL AND state = 'active'`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${n.index('unique_key')} ON ${table} (unique_key) WHERE unique_key IS NOT NULL AND state IN (${UNFINISHED})`,
    `CREATE INDEX IF NOT EXISTS ${n.index('state')} ON ${table} (state, queue, id)`,
  ]
}

/**
 * Version 2 indexes, postgres and sqlite: the full (state, queue, id) index goes. Every claim and
 * every settle changes `state`, so it took a new entry twice per job; without it the drain on
 * PostgreSQL ran ~25% faster (docs/benchmarks.md). Reclaim gets a partial index on leases, which
 * only a claim writes. Counting and pruning finished jobs scan the table instead: off the hot path.
 */
function v2Indexes(n: Names): string[] {
  const qualified = (index: string): string => (n.schema === undefined ? n.index(index) : `"${n.schema}".${n.index(index)}`)
  return [
    `DROP INDEX IF EXISTS ${qualified('state')}`,
    `CREATE INDEX IF NOT EXISTS ${n.index('active')} ON ${n.jobs} (locked_until, id) WHERE state = 'active'`,
    // A worker of one queue claims down its own queue's rows; on the global claim index it walked
    // past every ready job of the other queues first (59 ms per poll behind 100,000 jobs waiting in
    // queue `hooks`, blocking `queue server`'s event loop on SQLite). PostgreSQL keeps the global
    // index too, for claims over all queues, at the cost of one more entry per insert only; on
    // SQLite, where each index also costs a delete per claim, the per-queue index replaces it
    // (ops/claim.ts merges the queues' best rows).
    `CREATE INDEX IF NOT EXISTS ${n.index('claim_queue')} ON ${n.jobs} (queue, priority DESC, run_at, id) WHERE state IN (${CLAIMABLE})`,
    ...(n.dialect === 'sqlite' ? [`DROP INDEX IF EXISTS ${n.index('claim')}`] : []),
  ]
}

/**
 * Version 2, postgres: the v2 indexes, and claim/settle functions under new names (v1's stay, so a
 * worker of the previous version keeps working during a rolling upgrade). `claim_batch` returns
 * only the columns a leased job needs (`CLAIMED_COLUMNS`: what the claim itself wrote is known);
 * `settle_batch` takes result and stats as JSON values instead of strings holding JSON.
 */
function postgresV2(n: Names): string[] {
  return [...v2Indexes(n), postgresClaimBatchFunction(n), postgresSettleFunction(n, 'settle_batch')]
}

function postgresClaimBatchFunction(n: Names): string {
  const columns = CLAIMED_COLUMNS.map((c) => `t.${c}`).join(', ')
  const lease = `state = 'active', attempts = t.attempts + 1, locked_by = p_worker, locked_until = p_until, lock_token = p_token, started_at = p_now`
  const rest = `j.state IN (${CLAIMABLE}) AND j.run_at <= p_now
      AND ${claimFilters(n)}`
  const claim = (where: string, order: string): string => `RETURN QUERY WITH picked AS (
    SELECT j.id FROM ${n.jobs} j
    WHERE ${where} AND ${rest}
    ORDER BY ${order}
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  )
  UPDATE ${n.jobs} AS t SET ${lease}
  FROM picked WHERE t.id = picked.id
  RETURNING ${columns};`
  // One queue: down that queue's claim index. Several or all: down the global one.
  return `CREATE OR REPLACE FUNCTION ${n.fn('claim_batch')}(p_now bigint, p_limit integer, p_worker text, p_until bigint, p_token text, p_queues text, p_min integer, p_max integer)
RETURNS TABLE (id bigint, queue text, name text, payload text, priority integer, attempts integer, max_attempts integer, backoff text, timeout_ms bigint, run_at bigint, group_key text, unique_key text, last_error text, progress text, created_at bigint, stats text)
LANGUAGE plpgsql VOLATILE SET enable_sort = off AS $claim$
#variable_conflict use_column
DECLARE
  v_queues json := p_queues::json;
BEGIN
  IF v_queues IS NOT NULL AND json_array_length(v_queues) = 1 THEN
    ${claim('j.queue = (v_queues ->> 0)', 'j.queue, j.priority DESC, j.run_at, j.id')}
  ELSE
    ${claim('(v_queues IS NULL OR j.queue IN (SELECT json_array_elements_text(v_queues)))', 'j.priority DESC, j.run_at, j.id')}
  END IF;
END
$claim$`
}

/** Version 1, sqlite: the postgres layout; INTEGER PRIMARY KEY AUTOINCREMENT so ids are never reused. */
function sqliteV1(n: Names): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${n.jobs} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  backoff TEXT NOT NULL,
  timeout_ms INTEGER,
  run_at INTEGER NOT NULL,
  group_key TEXT,
  unique_key TEXT,
  result TEXT,
  last_error TEXT,
  progress TEXT,
  locked_by TEXT,
  locked_until INTEGER,
  lock_token TEXT,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  stats TEXT
)`,
    ...partialIndexes(n),
  ]
}

/**
 * Version 1, MySQL 8 / MariaDB 10.6+. MySQL has no partial indexes, so stored generated columns
 * carry a value only while the job is unfinished (NULL otherwise): finished rows sit outside the
 * `claimable = 1` prefix the claim scans, and UNIQUE over a nullable column ignores NULLs, which
 * gives uniqueKey and one-active-job-per-group. Indexes are inline because MySQL 8 has no
 * `CREATE INDEX IF NOT EXISTS`.
 */
function mysqlV1(n: Names): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${n.jobs} (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  queue VARCHAR(191) NOT NULL,
  name VARCHAR(191) NOT NULL,
  payload LONGTEXT NOT NULL,
  state VARCHAR(16) NOT NULL,
  priority INT NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  max_attempts INT NOT NULL,
  backoff TEXT NOT NULL,
  timeout_ms BIGINT NULL,
  run_at BIGINT NOT NULL,
  group_key VARCHAR(191) NULL,
  unique_key VARCHAR(191) NULL,
  result LONGTEXT NULL,
  last_error TEXT NULL,
  progress LONGTEXT NULL,
  locked_by VARCHAR(191) NULL,
  locked_until BIGINT NULL,
  lock_token VARCHAR(64) NULL,
  created_at BIGINT NOT NULL,
  started_at BIGINT NULL,
  finished_at BIGINT NULL,
  stats TEXT NULL,
  claimable TINYINT AS (IF(state IN (${CLAIMABLE}), 1, NULL)) STORED,
  group_live VARCHAR(191) AS (IF(state IN (${UNFINISHED}), group_key, NULL)) STORED,
  group_active VARCHAR(191) AS (IF(state = 'active', group_key, NULL)) STORED,
  unique_live VARCHAR(191) AS (IF(state IN (${UNFINISHED}), unique_key, NULL)) STORED,
  INDEX ${n.index('claim')} (claimable, priority DESC, run_at, id),
  INDEX ${n.index('group_head')} (group_live, id),
  UNIQUE INDEX ${n.index('group_active')} (group_active),
  UNIQUE INDEX ${n.index('unique_key')} (unique_live),
  INDEX ${n.index('state')} (state, queue, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
  ]
}

/**
 * Version 2, MySQL: the per-queue claim index (see `v2Indexes`; MySQL keeps its global claim index
 * and its (state, queue, id) index). MySQL 8 has no `CREATE INDEX IF NOT EXISTS`, and the dynamic
 * SQL that would emulate it cannot go through Prisma's prepared statements, so this is a plain
 * `CREATE INDEX`: the migration runner (and `queueMigration` of @queue/typeorm) treat "duplicate
 * key name" on it as done (`isIndexAlreadyThere`). Run by hand, this statement of the script fails over a
 * database that has the index already.
 */
function mysqlV2(n: Names): string[] {
  return [`CREATE INDEX ${n.index('claim_queue')} ON ${n.jobs} (claimable, queue, priority DESC, run_at, id)`]
}

/**
 * True when `error` is MySQL's answer to the `CREATE INDEX` `statement` for an index that exists
 * (ER_DUP_KEYNAME, 1061): the statement's work is done already. For running `migrationStatements`
 * yourself over a database a store may have migrated.
 *
 * @example
 * for (const statement of migrationStatements({ dialect: 'mysql' })) {
 *   await connection.query(statement).catch((error) => { if (!isIndexAlreadyThere(error, statement)) throw error })
 * }
 */
export function isIndexAlreadyThere(error: unknown, statement: string): boolean {
  if (!/^CREATE INDEX /.test(statement)) return false
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const record = e as { errno?: unknown; code?: unknown; cause?: unknown; driverError?: unknown }
    if (record.errno === 1061 || record.code === 'ER_DUP_KEYNAME' || record.code === '1061') return true
    e = record.driverError ?? record.cause
  }
  return false
}

const VERSIONS: Record<Dialect, ((n: Names) => string[])[]> = {
  postgres: [postgresV1, postgresV2, postgresV3],
  mysql: [mysqlV1, mysqlV2],
  sqlite: [sqliteV1, v2Indexes],
}

const VERSION_NAMES = ['jobs table', 'lean claim and settle', 'side tables for ready jobs and claims']

/** The newest schema version this package knows, of any dialect (postgres: 3; sqlite and MySQL: 2). */
export const SCHEMA_VERSION = Math.max(...Object.values(VERSIONS).map((versions) => versions.length))

/** The newest schema version of one dialect. */
export function schemaVersion(dialect: Dialect): number {
  return VERSIONS[dialect].length
}

/** The migrations table: one row per applied version. */
export function migrationsTableSql(n: Names): string {
  const text = n.dialect === 'mysql' ? 'VARCHAR(191)' : 'TEXT'
  const suffix = n.dialect === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''
  return `CREATE TABLE IF NOT EXISTS ${n.migrations} (version INTEGER NOT NULL PRIMARY KEY, name ${text} NOT NULL, applied_at BIGINT NOT NULL)${suffix}`
}

/** `CREATE SCHEMA` when a postgres schema is configured; it must exist before any table. */
export function schemaSql(n: Names): string[] {
  return n.dialect === 'postgres' && n.schema !== undefined ? [`CREATE SCHEMA IF NOT EXISTS "${n.schema}"`] : []
}

/** Every migration for these names, oldest first. */
export function migrationsFor(n: Names): Migration[] {
  return VERSIONS[n.dialect].map((build, i) => ({ version: i + 1, name: VERSION_NAMES[i] ?? `v${i + 1}`, statements: build(n) }))
}

/** Options of `migrations` / `migrationStatements` / `migrationSql`. */
export interface MigrationSqlOptions {
  dialect: Dialect
  /** PostgreSQL only. */
  schema?: string
  /** Default `queue_`. */
  tablePrefix?: string
}

/**
 * The migrations as data, for running them from your own migration tool (TypeORM migration,
 * Prisma SQL migration, Flyway, …). Statements are idempotent, but for MySQL's version-2
 * `CREATE INDEX` (MySQL 8 has no IF NOT EXISTS): over a database that has that index, skip the
 * error `isIndexAlreadyThere` recognises, as the store's own migration does.
 */
export function migrations(options: MigrationSqlOptions): Migration[] {
  return migrationsFor(buildNames(options.dialect, options))
}

/**
 * The whole schema as statements, one per entry, in order: the postgres schema, the migrations
 * table, each migration and its version row (so a store that later starts with `autoMigrate` sees
 * the schema as current). For tools that run one statement per call (TypeORM's `queryRunner.query`,
 * Prisma's `$executeRawUnsafe`), with no script to split.
 *
 * @example
 * for (const statement of migrationStatements({ dialect: 'postgres', schema: 'jobs' })) await client.query(statement)
 */
export function migrationStatements(options: MigrationSqlOptions): string[] {
  const n = buildNames(options.dialect, options)
  const statements = [...schemaSql(n), migrationsTableSql(n)]
  for (const migration of migrationsFor(n)) {
    statements.push(...migration.statements)
    const ignore = n.dialect === 'mysql' ? 'INSERT IGNORE INTO' : 'INSERT INTO'
    const conflict = n.dialect === 'mysql' ? '' : ' ON CONFLICT (version) DO NOTHING'
    statements.push(`${ignore} ${n.migrations} (version, name, applied_at) VALUES (${migration.version}, '${migration.name}', 0)${conflict}`)
  }
  return statements
}

/**
 * The whole schema as one SQL script: `migrationStatements` separated by `;`.
 *
 * @example
 * import { writeFileSync } from 'node:fs'
 * writeFileSync('prisma/migrations/0001_queue/migration.sql', migrationSql({ dialect: 'postgres' }))
 */
export function migrationSql(options: MigrationSqlOptions): string {
  return `${migrationStatements(options).join(';\n\n')};\n`
}
