-- Prototype, session 9 (docs/benchmarks.md, "The design the PostgreSQL drain needs"): not used by
-- any package. The jobs table keeps only its primary key, so claims and settles can be HOT updates;
-- what the partial indexes on `state` did moves to side tables: `ready` (claimable jobs, in claim
-- order; a claim deletes from it) and `leases` (active jobs: lease expiry for reclaim, one active
-- job per group). Measured with two loops of claim(300) + settle(300) over 60,000 jobs against
-- queue_claim_batch / queue_settle_batch of schema v2: PostgreSQL CPU per job 34.0 us vs 43.7 us.
-- Not covered: inserts into `ready`, unique keys, the group head rule, retries and releases going
-- back to `ready`, reclaim, cancel/retry/remove, counts and list, and the upgrade from v2.
-- Run: psql -v ff=50 -f pg-side-tables.sql (ff: the jobs table's fillfactor; 50 gave 68% HOT updates).
drop schema if exists hx cascade;
create schema hx;
create table hx.jobs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, queue TEXT NOT NULL, name TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL,
  priority INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, backoff TEXT NOT NULL, timeout_ms BIGINT,
  run_at BIGINT NOT NULL, group_key TEXT, unique_key TEXT, result TEXT, last_error TEXT, progress TEXT, locked_by TEXT, locked_until BIGINT,
  lock_token TEXT, created_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT, stats TEXT) with (fillfactor = :ff);
create table hx.ready (id bigint not null, queue text not null, priority int not null, run_at bigint not null);
create index ready_claim on hx.ready (priority desc, run_at, id);
create table hx.leases (id bigint primary key, locked_until bigint not null, group_key text);
create index leases_until on hx.leases (locked_until);
create unique index leases_group on hx.leases (group_key) where group_key is not null;

create function hx.claim(p_now bigint, p_limit int, p_worker text, p_until bigint, p_token text)
returns table (id bigint, queue text, name text, payload text, priority integer, attempts integer, max_attempts integer, backoff text, timeout_ms bigint, run_at bigint, group_key text, unique_key text, last_error text, progress text, created_at bigint, stats text)
language plpgsql volatile set enable_sort = off as $f$
#variable_conflict use_column
begin
  return query with picked as (
    delete from hx.ready r where r.ctid = any(array(select r2.ctid from hx.ready r2 where r2.run_at <= p_now order by r2.priority desc, r2.run_at, r2.id limit p_limit for update skip locked))
    returning r.id
  ), leased as (
    insert into hx.leases (id, locked_until, group_key) select picked.id, p_until, null from picked
  )
  update hx.jobs t set state = 'active', attempts = t.attempts + 1, locked_by = p_worker, locked_until = p_until, lock_token = p_token, started_at = p_now
  from picked where t.id = picked.id
  returning t.id, t.queue, t.name, t.payload, t.priority, t.attempts, t.max_attempts, t.backoff, t.timeout_ms, t.run_at, t.group_key, t.unique_key, t.last_error, t.progress, t.created_at, t.stats;
end $f$;

create function hx.settle(p_now bigint, p_changes text, p_channel text)
returns table (id bigint, queue text, state text, lock_token text) language plpgsql volatile
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off as $f$
#variable_conflict use_column
begin
  return query with done as (
    update hx.jobs as t set state = o.state,
      result = case when o.state = 'completed' then coalesce(o.result::text, 'null') else t.result end,
      last_error = coalesce(o.error, t.last_error), run_at = coalesce(o.run_at, t.run_at),
      attempts = greatest(0, t.attempts - o.give_back),
      finished_at = case when o.state in ('completed', 'failed') then p_now else null end,
      stats = coalesce(o.stats::text, t.stats), locked_by = null, locked_until = null
    from json_to_recordset(p_changes::json) as o(id bigint, token text, state text, result json, error text, run_at bigint, give_back integer, stats json)
    where t.id = o.id and t.lock_token = o.token and (t.state || '') = 'active'
    returning t.id, t.queue, t.state, t.lock_token
  ), unleased as (
    delete from hx.leases l where l.id in (select d.id from done d)
  )
  select d.id, d.queue, d.state, d.lock_token from done d;
end $f$;
