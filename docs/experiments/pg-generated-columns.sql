-- Prototype, session 10 (docs/benchmarks.md): schema v2's layout with the partial indexes' predicates
-- moved onto stored generated columns (`claimable`, `live_group`, `live_key`: non-NULL only while
-- the job needs that index) and leases in a side table, so that a settle to a finished state changes
-- no indexed column and can be a HOT update. Old code's plain INSERTs and UPDATEs would keep the
-- generated columns right, which is what makes it attractive for a rolling upgrade. Measured with
-- pg-side-tables-loop.mjs (`FF=50 node pg-side-tables-loop.mjs gen`): no gain over schema v2
-- (PostgreSQL CPU 18.2-21.0 vs 17.0-19.2 us per job, 3 rounds), while the `ready` side table of
-- pg-side-tables.sql took 13.8-15.5 in the same rounds. Not used by any package.
drop schema if exists gx cascade;
create schema gx;
create table gx.jobs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, queue TEXT NOT NULL, name TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL,
  priority INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, backoff TEXT NOT NULL, timeout_ms BIGINT,
  run_at BIGINT NOT NULL, group_key TEXT, unique_key TEXT, result TEXT, last_error TEXT, progress TEXT, locked_by TEXT, locked_until BIGINT,
  lock_token TEXT, created_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT, stats TEXT,
  claimable BOOLEAN GENERATED ALWAYS AS (CASE WHEN state IN ('scheduled', 'ready', 'waiting', 'retry') THEN true END) STORED,
  live_group TEXT GENERATED ALWAYS AS (CASE WHEN state IN ('scheduled', 'ready', 'active', 'waiting', 'retry') THEN group_key END) STORED,
  live_key TEXT GENERATED ALWAYS AS (CASE WHEN state IN ('scheduled', 'ready', 'active', 'waiting', 'retry') THEN unique_key END) STORED
) with (fillfactor = :ff);
create index jobs_claim on gx.jobs (priority desc, run_at, id) where claimable;
create index jobs_claim_queue on gx.jobs (queue, priority desc, run_at, id) where claimable;
create index jobs_group on gx.jobs (live_group, id) where live_group is not null;
create unique index jobs_key on gx.jobs (live_key) where live_key is not null;
create table gx.leases (id bigint primary key, locked_until bigint not null, group_key text);
create index leases_until on gx.leases (locked_until);
create unique index leases_group on gx.leases (group_key) where group_key is not null;

create function gx.claim(p_now bigint, p_limit int, p_worker text, p_until bigint, p_token text)
returns table (id bigint, queue text, name text, payload text, priority integer, attempts integer, max_attempts integer, backoff text, timeout_ms bigint, run_at bigint, group_key text, unique_key text, last_error text, progress text, created_at bigint, stats text)
language plpgsql volatile set enable_sort = off as $f$
#variable_conflict use_column
begin
  return query with picked as (
    select j.id from gx.jobs j where j.claimable and j.run_at <= p_now
      and (j.group_key is null or (not exists (select 1 from gx.jobs g where g.live_group = j.group_key and g.id < j.id)
        and not exists (select 1 from gx.leases l where l.group_key = j.group_key)))
    order by j.priority desc, j.run_at, j.id limit p_limit for update skip locked
  ), claimed as (
    update gx.jobs t set state = 'active', attempts = t.attempts + 1, locked_by = p_worker, locked_until = p_until, lock_token = p_token, started_at = p_now
    from picked where t.id = picked.id
    returning t.id, t.queue, t.name, t.payload, t.priority, t.attempts, t.max_attempts, t.backoff, t.timeout_ms, t.run_at, t.group_key, t.unique_key, t.last_error, t.progress, t.created_at, t.stats
  ), leased as (
    insert into gx.leases (id, locked_until, group_key) select c.id, p_until, c.group_key from claimed c
  )
  select * from claimed;
end $f$;

-- The settle is schema v2's settle_batch (as in pg-side-tables.sql) plus the lease delete.
create function gx.settle(p_now bigint, p_changes text, p_channel text)
returns table (id bigint, queue text, state text, lock_token text) language plpgsql volatile
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off as $f$
#variable_conflict use_column
begin
  return query with done as (
    update gx.jobs as t set state = o.state,
      result = case when o.state = 'completed' then coalesce(o.result::text, 'null') else t.result end,
      last_error = coalesce(o.error, t.last_error), run_at = coalesce(o.run_at, t.run_at),
      attempts = greatest(0, t.attempts - o.give_back),
      finished_at = case when o.state in ('completed', 'failed') then p_now else null end,
      stats = coalesce(o.stats::text, t.stats), locked_by = null, locked_until = null
    from json_to_recordset(p_changes::json) as o(id bigint, token text, state text, result json, error text, run_at bigint, give_back integer, stats json)
    where t.id = o.id and t.lock_token = o.token and (t.state || '') = 'active'
    returning t.id, t.queue, t.state, t.lock_token
  ), unleased as (
    delete from gx.leases l where l.id in (select d.id from done d)
  )
  select d.id, d.queue, d.state, d.lock_token from done d;
end $f$;
