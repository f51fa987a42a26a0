import { CLAIMABLE_STATES, UNFINISHED_STATES } from '@queue/core'
import { literals } from '../store/bind.js'
import type { Names } from '../store/names.js'
import { CLAIMED_COLUMNS } from '../store/rows.js'

const CLAIMABLE = literals(CLAIMABLE_STATES)
const UNFINISHED = literals(UNFINISHED_STATES)

/**
 * Plan settings for the statements that find rows by primary key. On a queue table the statistics
 * are always stale; mid-drain the planner seq-scanned 10,000 rows to settle 100 (12 ms instead of
 * 0.4 ms, and it grows with every finished job kept). Without seq, bitmap, hash and merge plans the
 * only plan left is the nested loop of primary-key lookups.
 */
export const BY_PRIMARY_KEY = 'SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off'

/**
 * plpgsql plans each statement of a function once per session, but a statement with parameters
 * gets a custom plan (planned anew on every call) for as long as PostgreSQL guesses one beats the
 * generic plan, which with the settings above is always the same plan. v3's functions run two or
 * three statements per call: planning them was 0.15-0.2 ms of a one-job claim's 0.6 ms and 0.1 ms
 * of a one-job settle (docs/benchmarks.md, session 12).
 */
export const GENERIC_PLANS = 'SET plan_cache_mode = force_generic_plan'

/** The column every job row of schema v3 carries; a writer of an older version leaves it NULL and fails. */
export const SCHEMA_VERSION_COLUMN = 'schema_version'

/** What this schema's writers put in `SCHEMA_VERSION_COLUMN`. */
export const WRITTEN_VERSION = 3

/** The most ids a `claims` row keeps in its PLAIN-stored `ids` (8 bytes each; a row must fit an 8 KB page). */
const PLAIN_IDS = 900

/** A `claims` row's (alias `c`) job ids, wherever they are kept. */
export const HELD_IDS = 'COALESCE(c.ids, c.more_ids)'

/** The columns a new `ready` row copies from its job, in this order. */
export const READY_COLUMNS = 'id, queue, priority, run_at, group_key'

/**
 * Version 3, postgres: claims and settles become HOT updates (docs/benchmarks.md, session 12).
 *
 * In v2 every claim and every settle wrote a new version of the job row *and* a new entry in every
 * index of the jobs table, because each index (claim, lease, group, uniqueKey) mentioned `state`.
 * PostgreSQL updates a row in place on its page (HOT: no index entry at all) only when no indexed
 * column changes. So v3 takes `state` out of every index of the jobs table:
 * - `ready`: the claimable jobs in claim order (what the claim indexes were). A claim deletes the
 *   rows it takes; an insert, a retry, a release, a reclaim or a retry by hand adds one; cancel and
 *   remove delete the job's row (ops/admin.ts). A row whose job moved on anyway (a writer of an
 *   older release) is deleted by the next claim that meets it: it finds the job not claimable, or
 *   not due (every change of a claimable job's `run_at` adds a new row).
 * - `claims`: one row per claim batch (its token, the earliest lease expiry of its jobs, how many
 *   it still holds, their ids) instead of a lease index entry per job. Settles count it down and
 *   delete it at zero; reclaim reads the expired ones.
 * - groups and uniqueKeys keep unique partial indexes on the jobs table, over columns that hold
 *   the key only while the job needs it: `live_group` and `live_key` while it is unfinished,
 *   `running_group` while it is active (`liveKeys`). For a job without group or key they stay NULL, so its
 *   claim and settle stay HOT. Every statement that moves a job between those states writes them
 *   (stored generated columns would keep themselves, but cost a tenth of a one-job insert).
 * - `fillfactor = 50`, so that there is room on the page for the new row version: 80% of claims
 *   and settles are HOT (2% at 100, 100% at 30, which drained no faster end to end and made bulk
 *   inserts 12% slower; docs/benchmarks.md).
 *
 * The upgrade fences off writers of v2: every row must carry `schema_version`, which v2's INSERT
 * does not write (a loud NOT NULL violation instead of a job no v3 claim would see), and v2's
 * claim, settle and reclaim functions are dropped (v2 workers fail on their next call; the jobs they
 * held are reclaimed when their leases expire). Stop v2 processes before migrating.
 */
export function postgresV3(n: Names): string[] {
  const qualified = (name: string): string => (n.schema === undefined ? name : `"${n.schema}".${name}`)
  const dropIndex = (index: string): string => `DROP INDEX IF EXISTS ${qualified(n.index(index))}`
  const v2Signature = '(bigint, integer, text, bigint, text, text, integer, integer)'
  return [
    `DROP FUNCTION IF EXISTS ${n.fn('claim')}${v2Signature}`,
    `DROP FUNCTION IF EXISTS ${n.fn('claim_batch')}${v2Signature}`,
    `DROP FUNCTION IF EXISTS ${n.fn('settle')}(bigint, text, text)`,
    `DROP FUNCTION IF EXISTS ${n.fn('settle_batch')}(bigint, text, text)`,
    `DROP FUNCTION IF EXISTS ${n.fn('reclaim')}(bigint, integer, text, text)`,
    `ALTER TABLE ${n.jobs} ADD COLUMN IF NOT EXISTS ${SCHEMA_VERSION_COLUMN} smallint NOT NULL DEFAULT ${WRITTEN_VERSION}`,
    `ALTER TABLE ${n.jobs} ALTER COLUMN ${SCHEMA_VERSION_COLUMN} DROP DEFAULT`,
    `ALTER TABLE ${n.jobs} ADD COLUMN IF NOT EXISTS live_group text`,
    `ALTER TABLE ${n.jobs} ADD COLUMN IF NOT EXISTS running_group text`,
    `ALTER TABLE ${n.jobs} ADD COLUMN IF NOT EXISTS live_key text`,
    `UPDATE ${n.jobs} SET live_group = CASE WHEN state IN (${UNFINISHED}) THEN group_key END, running_group = CASE WHEN state = 'active' THEN group_key END,
  live_key = CASE WHEN state IN (${UNFINISHED}) THEN unique_key END
WHERE (group_key IS NOT NULL OR unique_key IS NOT NULL) AND state IN (${UNFINISHED})`,
    `ALTER TABLE ${n.jobs} SET (fillfactor = 50)`,
    ...['claim', 'claim_queue', 'active', 'group_head', 'group_active', 'unique_key'].map(dropIndex),
    `CREATE INDEX IF NOT EXISTS ${n.index('live_group')} ON ${n.jobs} (live_group, id) WHERE live_group IS NOT NULL`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${n.index('running_group')} ON ${n.jobs} (running_group) WHERE running_group IS NOT NULL`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${n.index('live_key')} ON ${n.jobs} (live_key) WHERE live_key IS NOT NULL`,
    // No index on id: a third entry per insert (bulk enqueue would lose ~20%); rows go by ctid.
    `CREATE TABLE IF NOT EXISTS ${n.ready} (id bigint NOT NULL, queue text NOT NULL, priority integer NOT NULL, run_at bigint NOT NULL, group_key text)`,
    `CREATE INDEX IF NOT EXISTS ${n.index('ready_all')} ON ${n.ready} (priority DESC, run_at, id)`,
    `CREATE INDEX IF NOT EXISTS ${n.index('ready_queue')} ON ${n.ready} (queue, priority DESC, run_at, id)`,
    // `ids` is stored PLAIN (never compressed: pglz on each batch's 2.4 KB was 2-3% of claim + settle),
    // so it must fit a page: a batch of more than PLAIN_IDS jobs keeps its ids in `more_ids` instead.
    `CREATE TABLE IF NOT EXISTS ${n.claims} (token text PRIMARY KEY, until bigint NOT NULL, pending integer NOT NULL, ids bigint[], more_ids bigint[])`,
    `ALTER TABLE ${n.claims} ALTER COLUMN ids SET STORAGE PLAIN`,
    `CREATE INDEX IF NOT EXISTS ${n.index('claims_until')} ON ${n.claims} (until)`,
    // What v2 held: its claimable jobs and its leases (a job of a v2 worker is reclaimed when its lease runs out).
    `INSERT INTO ${n.ready} (${READY_COLUMNS}) SELECT ${prefixed('j', READY_COLUMNS)} FROM ${n.jobs} j
WHERE j.state IN (${CLAIMABLE}) AND NOT EXISTS (SELECT 1 FROM ${n.ready} r WHERE r.id = j.id)`,
    `INSERT INTO ${n.claims} (token, until, pending, more_ids)
SELECT lock_token, min(locked_until), count(*), array_agg(id) FROM ${n.jobs} WHERE state = 'active' AND lock_token IS NOT NULL GROUP BY lock_token
ON CONFLICT (token) DO NOTHING`,
    claimFunction(n),
    settleFunction(n),
    reclaimFunction(n),
  ]
}

/**
 * The claim: down `ready` in claim order (one queue: its own index; several or all: the global
 * one), lock those rows, delete them, lease the jobs that are still claimable and due, and record
 * the batch in `claims`. Eligibility of a grouped job (the head of its group, nothing of it
 * running) is read from the jobs table's group indexes; `running_group` backs it when two
 * claimers race. `SET enable_sort = off`: only the index gives rows in claim order, so it is the
 * plan whatever the (always stale) statistics say; `enable_seqscan = off`: on a small `ready` the
 * planner deleted the taken rows by scanning the table instead of by their ctids.
 */
function claimFunction(n: Names): string {
  const columns = CLAIMED_COLUMNS.map((c) => `t.${c}`).join(', ')
  const lease = `state = 'active', attempts = t.attempts + 1, locked_by = p_worker, locked_until = p_until, lock_token = p_token, started_at = p_now,
        running_group = t.group_key`
  const pick = (where: string, order: string): string => `WITH picked AS (
      SELECT r.ctid AS rid FROM ${n.ready} r
      WHERE ${where} AND r.run_at <= p_now
        AND (p_min IS NULL OR r.priority >= p_min) AND (p_max IS NULL OR r.priority <= p_max)
        AND (r.group_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM ${n.jobs} g WHERE g.live_group = r.group_key AND g.id <> r.id AND (g.id < r.id OR g.running_group IS NOT NULL)))
      ORDER BY ${order}
      LIMIT v_left
      FOR UPDATE OF r SKIP LOCKED
    ), taken AS (
      DELETE FROM ${n.ready} d WHERE d.ctid = ANY (ARRAY(SELECT p.rid FROM picked p)) RETURNING d.id
    )
    SELECT array_agg(taken.id) INTO v_ids FROM taken;`
  // The batch's `claims` row; a later pass (rare) adds to the row of the first. Only then is it an
  // upsert: ON CONFLICT makes the insert speculative, 1.3% of the claim + settle loop's CPU.
  const leaseBatch = (conflict: string): string => `RETURN QUERY WITH claimed AS (
        UPDATE ${n.jobs} AS t SET ${lease}
        WHERE t.id = ANY (v_ids) AND t.state IN (${CLAIMABLE}) AND t.run_at <= p_now
        RETURNING ${columns}
      ), held AS (
        INSERT INTO ${n.claims} AS c (token, until, pending, ids, more_ids)
        SELECT p_token, p_until, count(*), CASE WHEN count(*) <= ${PLAIN_IDS} THEN array_agg(claimed.id) END, CASE WHEN count(*) > ${PLAIN_IDS} THEN array_agg(claimed.id) END
        FROM claimed HAVING count(*) > 0
        ${conflict}
      )
      SELECT * FROM claimed;`
  return `CREATE OR REPLACE FUNCTION ${n.fn('claim_v3')}(p_now bigint, p_limit integer, p_worker text, p_until bigint, p_token text, p_queues text, p_min integer, p_max integer)
RETURNS TABLE (id bigint, queue text, name text, payload text, priority integer, attempts integer, max_attempts integer, backoff text, timeout_ms bigint, run_at bigint, group_key text, unique_key text, last_error text, progress text, created_at bigint, stats text)
LANGUAGE plpgsql VOLATILE SET enable_sort = off SET enable_seqscan = off ${GENERIC_PLANS} AS $claim$
#variable_conflict use_column
DECLARE
  v_queues json := p_queues::json;
  v_one boolean := v_queues IS NOT NULL AND json_array_length(v_queues) = 1;
  v_left integer := p_limit;
  v_ids bigint[];
  v_claimed integer;
BEGIN
  -- A row whose job is no longer claimable (cancelled, removed) or not yet due (its run_at moved
  -- on, with a new row) is deleted and claims nothing: pick again for the jobs it stood in for.
  FOR pass IN 1..8 LOOP
    IF v_one THEN
      ${pick('r.queue = (v_queues ->> 0)', 'r.queue, r.priority DESC, r.run_at, r.id')}
    ELSE
      ${pick('(v_queues IS NULL OR r.queue IN (SELECT json_array_elements_text(v_queues)))', 'r.priority DESC, r.run_at, r.id')}
    END IF;
    EXIT WHEN v_ids IS NULL;
    IF pass = 1 THEN
      ${leaseBatch('')}
    ELSE
      ${leaseBatch(`ON CONFLICT (token) DO UPDATE SET pending = c.pending + excluded.pending, ids = NULL, more_ids = ${HELD_IDS} || COALESCE(excluded.ids, excluded.more_ids)`)}
    END IF;
    GET DIAGNOSTICS v_claimed = ROW_COUNT;
    v_left := v_left - v_claimed;
    EXIT WHEN v_claimed = cardinality(v_ids) OR cardinality(v_ids) < v_left + v_claimed OR v_left = 0;
  END LOOP;
END
$claim$`
}

/**
 * Applies a batch of outcomes (see ops/settle.ts): each fenced by id + lock token + state `active`.
 * A job that goes back to waiting (retry, wait, release) gets a new `ready` row; each claim batch
 * is counted down by the jobs it settled, or deleted when they were all it still held, in the same
 * statement (a second statement for the delete cost 70 us of a one-job settle's 0.55 ms). Two
 * settles of one batch at once can leave its row behind (each checks the count it saw): reclaim
 * deletes such a row once its lease end has passed. The count-down takes the rows in token order
 * (a nested loop over the sorted tokens), so two settles never wait for each other in a cycle.
 * Released jobs wake their queues' listeners.
 */
function settleFunction(n: Names): string {
  return `CREATE OR REPLACE FUNCTION ${n.fn('settle_v3')}(p_now bigint, p_changes text, p_channel text)
RETURNS TABLE (id bigint, queue text, state text, lock_token text) LANGUAGE plpgsql VOLATILE ${BY_PRIMARY_KEY} ${GENERIC_PLANS} AS $settle$
#variable_conflict use_column
BEGIN
  RETURN QUERY WITH done AS (
    ${settleUpdate(n, true, `,
      ${liveKeys(`o.state IN ('completed', 'failed')`)}`)}
    RETURNING t.id, t.queue, t.state, t.lock_token, t.priority, t.run_at, t.group_key
  ), readied AS (
    INSERT INTO ${n.ready} (${READY_COLUMNS}) SELECT ${prefixed('d', READY_COLUMNS)} FROM done d WHERE d.state IN (${CLAIMABLE})
  ), per_batch AS (
    SELECT d.lock_token AS token, count(*)::integer AS n FROM done d GROUP BY d.lock_token ORDER BY d.lock_token
  ), emptied AS (
    DELETE FROM ${n.claims} AS c USING per_batch x WHERE c.token = x.token AND c.pending <= x.n
  ), counted AS (
    UPDATE ${n.claims} AS c SET pending = c.pending - x.n FROM per_batch x WHERE c.token = x.token AND c.pending > x.n
  ), woke AS (
    SELECT pg_notify(p_channel, q.queue) FROM (SELECT DISTINCT d.queue FROM done d WHERE d.state = 'ready') q
  )
  SELECT d.id, d.queue, d.state, d.lock_token FROM done d WHERE (SELECT count(*) FROM woke) >= 0;
END
$settle$`
}

/**
 * The settle functions' UPDATE of the jobs a batch of outcomes names, each fenced by id + lock
 * token + `active` (every schema version's; RETURNING left to the caller). `json`: result and
 * stats arrive as JSON values (v2 on), else as strings holding JSON (v1); `extra` ends the SET list.
 */
export function settleUpdate(n: Names, json: boolean, extra = ''): string {
  const type = json ? 'json' : 'text'
  return `UPDATE ${n.jobs} AS t SET state = o.state,
      result = CASE WHEN o.state = 'completed' THEN ${json ? "COALESCE(o.result::text, 'null')" : 'o.result'} ELSE t.result END,
      last_error = COALESCE(o.error, t.last_error),
      run_at = COALESCE(o.run_at, t.run_at),
      attempts = GREATEST(0, t.attempts - o.give_back),
      finished_at = CASE WHEN o.state IN ('completed', 'failed') THEN p_now ELSE NULL END,
      stats = COALESCE(${json ? 'o.stats::text' : 'o.stats'}, t.stats),
      locked_by = NULL, locked_until = NULL${extra}
    FROM json_to_recordset(p_changes::json) AS o(id bigint, token text, state text, result ${type}, error text, run_at bigint, give_back integer, stats ${type})
    WHERE t.id = o.id AND t.lock_token = o.token AND (t.state || '') = 'active'`
}

/**
 * Expired leases back to ready (or failed without attempts left), the longest expired first, at
 * most `p_limit` jobs: read from the claim batches whose earliest lease has run out. Each batch
 * looked at is then tracked again from its earliest lease still held, or deleted when it holds
 * none (settled, cancelled or reclaimed: what the settles' count-down left behind).
 */
function reclaimFunction(n: Names): string {
  const heldBy = `FROM ${n.claims} c CROSS JOIN LATERAL unnest(${HELD_IDS}) AS u(id) JOIN ${n.jobs} t ON t.id = u.id
      WHERE c.token = ANY (v_tokens) AND t.lock_token = c.token AND (t.state || '') = 'active'`
  return `CREATE OR REPLACE FUNCTION ${n.fn('reclaim_v3')}(p_now bigint, p_limit integer, p_channel text, p_error text)
RETURNS TABLE (queue text, state text) LANGUAGE plpgsql VOLATILE ${BY_PRIMARY_KEY} ${GENERIC_PLANS} AS $reclaim$
#variable_conflict use_column
DECLARE
  v_tokens text[];
BEGIN
  SELECT array_agg(e.token) INTO v_tokens FROM (
    SELECT c.token FROM ${n.claims} c WHERE c.until <= p_now ORDER BY c.until LIMIT p_limit FOR UPDATE SKIP LOCKED) e;
  IF v_tokens IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY WITH expired AS (
    SELECT t.id ${heldBy} AND t.locked_until <= p_now
    ORDER BY t.locked_until, t.id LIMIT p_limit
    FOR UPDATE OF t SKIP LOCKED
  ), moved AS (
    UPDATE ${n.jobs} AS t SET state = CASE WHEN t.attempts >= t.max_attempts THEN 'failed' ELSE 'ready' END,
      finished_at = CASE WHEN t.attempts >= t.max_attempts THEN p_now ELSE NULL END,
      last_error = p_error, locked_by = NULL, locked_until = NULL, lock_token = NULL,
      ${liveKeys('t.attempts >= t.max_attempts')}
    FROM expired e WHERE t.id = e.id
    RETURNING t.id, t.queue, t.state, t.priority, t.run_at, t.group_key
  ), readied AS (
    INSERT INTO ${n.ready} (${READY_COLUMNS}) SELECT ${prefixed('m', READY_COLUMNS)} FROM moved m WHERE m.state = 'ready'
  ), woke AS (
    SELECT pg_notify(p_channel, q.queue) FROM (SELECT DISTINCT m.queue FROM moved m WHERE m.state = 'ready') q
  )
  SELECT m.queue, m.state FROM moved m WHERE (SELECT count(*) FROM woke) >= 0;
  WITH live AS (
    SELECT c.token, min(t.locked_until) AS next ${heldBy}
    GROUP BY c.token
  ), kept AS (
    UPDATE ${n.claims} AS c SET until = l.next FROM live l WHERE c.token = l.token
  )
  DELETE FROM ${n.claims} AS c WHERE c.token = ANY (v_tokens) AND NOT EXISTS (SELECT 1 FROM live l WHERE l.token = c.token);
END
$reclaim$`
}

/**
 * The SET clause for the group and uniqueKey columns of a job that leaves `active` (settle,
 * reclaim): nothing running any more, and both keys let go when `finished` (an SQL condition) holds.
 */
export function liveKeys(finished: string): string {
  return `running_group = NULL, live_group = CASE WHEN ${finished} THEN NULL ELSE t.live_group END, live_key = CASE WHEN ${finished} THEN NULL ELSE t.live_key END`
}

/** `id, queue` as `d.id, d.queue`. */
function prefixed(alias: string, columns: string): string {
  return columns
    .split(', ')
    .map((column) => `${alias}.${column}`)
    .join(', ')
}
