-- Prototype, session 11 (docs/benchmarks.md): not used by any package. For tooling/bench's
-- `node dist/ab/postgres.js docs/experiments/pg-claims-table.sql` (statements separated by two semicolons,
-- `{s}` is the schema). Schema v2 without its lease index (`queue_jobs_active`, one entry per
-- claimed job): instead each claim writes one row per batch into `queue_claims` (token, worker,
-- lease end, the ids, stored PLAIN so that no TOAST or compression runs). A reclaim would find expired
-- batches there and check each job by primary key. Dropping the index alone: -7.5% PostgreSQL CPU per
-- job in claim + settle; with the claims row: -4 to -7%. Without `SET STORAGE PLAIN` (the id array
-- TOASTed and compressed): -1 to -2.5%. Not covered: reclaim, renew, the sweep of settled batches.
drop index {s}.queue_jobs_active;;
create table {s}.queue_claims (token text primary key, worker text not null, until bigint not null, ids bigint[] not null);;
alter table {s}.queue_claims alter column ids set storage plain;;
create index queue_claims_until on {s}.queue_claims (until);;
CREATE OR REPLACE FUNCTION {s}.queue_claim_batch(p_now bigint, p_limit integer, p_worker text, p_until bigint, p_token text, p_queues text, p_min integer, p_max integer)
 RETURNS TABLE(id bigint, queue text, name text, payload text, priority integer, attempts integer, max_attempts integer, backoff text, timeout_ms bigint, run_at bigint, group_key text, unique_key text, last_error text, progress text, created_at bigint, stats text)
 LANGUAGE plpgsql SET enable_sort TO 'off'
AS $function$
#variable_conflict use_column
DECLARE
  v_queues json := p_queues::json;
BEGIN
    RETURN QUERY WITH picked AS (
    SELECT j.id FROM {s}.queue_jobs j
    WHERE (v_queues IS NULL OR j.queue IN (SELECT json_array_elements_text(v_queues))) AND j.state IN ('scheduled', 'ready', 'waiting', 'retry') AND j.run_at <= p_now
      AND (p_min IS NULL OR j.priority >= p_min) AND (p_max IS NULL OR j.priority <= p_max)
      AND (j.group_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM {s}.queue_jobs g WHERE g.group_key = j.group_key AND g.state IN ('scheduled', 'ready', 'active', 'waiting', 'retry') AND g.id <> j.id AND (g.id < j.id OR g.state = 'active')))
    ORDER BY j.priority DESC, j.run_at, j.id
    LIMIT p_limit
    FOR UPDATE SKIP LOCKED
  ), claimed AS (
  UPDATE {s}.queue_jobs AS t SET state = 'active', attempts = t.attempts + 1, locked_by = p_worker, locked_until = p_until, lock_token = p_token, started_at = p_now
  FROM picked WHERE t.id = picked.id
  RETURNING t.id, t.queue, t.name, t.payload, t.priority, t.attempts, t.max_attempts, t.backoff, t.timeout_ms, t.run_at, t.group_key, t.unique_key, t.last_error, t.progress, t.created_at, t.stats
  ), rec AS (
    INSERT INTO {s}.queue_claims (token, worker, until, ids) SELECT p_token, p_worker, p_until, array_agg(c.id) FROM claimed c HAVING count(*) > 0
  )
  SELECT * FROM claimed;
END
$function$
