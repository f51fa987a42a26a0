-- Prototype, session 11 (docs/benchmarks.md): not used by any package. v2's jobs table with only
-- its primary key and generated columns for the rare indexes (unique key, serial groups: NULL for
-- jobs without them, so they never block a HOT update); the side tables `ready` and `leases` kept
-- by statement-level triggers over transition tables, so that any INSERT/UPDATE/DELETE of jobs, a
-- v2 process's included, keeps them right and the upgrade from v2 would need no stop.
-- Measured with pg-side-tables-loop.mjs (`trig`): PostgreSQL CPU per job 32.8-36.5 us against
-- 25.7-31.8 for v2 and 21.3-25.8 for pg-side-tables.sql. The triggers cost more than HOT saves.
-- Run: psql -v ff=50 -f pg-side-tables-triggers.sql
drop schema if exists tx cascade;
create schema tx;
create table tx.jobs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, queue TEXT NOT NULL, name TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL,
  priority INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL, backoff TEXT NOT NULL, timeout_ms BIGINT,
  run_at BIGINT NOT NULL, group_key TEXT, unique_key TEXT, result TEXT, last_error TEXT, progress TEXT, locked_by TEXT, locked_until BIGINT,
  lock_token TEXT, created_at BIGINT NOT NULL, started_at BIGINT, finished_at BIGINT, stats TEXT,
  live_key TEXT GENERATED ALWAYS AS (CASE WHEN state IN ('scheduled','ready','active','waiting','retry') THEN unique_key END) STORED,
  live_group TEXT GENERATED ALWAYS AS (CASE WHEN state IN ('scheduled','ready','active','waiting','retry') THEN group_key END) STORED,
  active_group TEXT GENERATED ALWAYS AS (CASE WHEN state = 'active' THEN group_key END) STORED
) with (fillfactor = :ff);
create unique index jobs_live_key on tx.jobs (live_key) where live_key is not null;
create index jobs_live_group on tx.jobs (live_group, id) where live_group is not null;
create unique index jobs_active_group on tx.jobs (active_group) where active_group is not null;
create table tx.ready (id bigint primary key, queue text not null, priority int not null, run_at bigint not null);
create index ready_claim on tx.ready (priority desc, run_at, id);
create index ready_claim_queue on tx.ready (queue, priority desc, run_at, id);
create table tx.leases (id bigint primary key, locked_until bigint not null);
create index leases_until on tx.leases (locked_until, id);

create function tx.on_insert() returns trigger language plpgsql as $f$
begin
  insert into tx.ready (id, queue, priority, run_at) select n.id, n.queue, n.priority, n.run_at from new_rows n where n.state in ('scheduled','ready','waiting','retry');
  insert into tx.leases (id, locked_until) select n.id, n.locked_until from new_rows n where n.state = 'active';
  return null;
end $f$;
create function tx.on_update() returns trigger language plpgsql as $f$
begin
  -- Rows that left `ready` or changed their claim order; rows that (re)entered it.
  delete from tx.ready r using old_rows o join new_rows n on n.id = o.id
    where r.id = o.id and o.state in ('scheduled','ready','waiting','retry')
      and (n.state not in ('scheduled','ready','waiting','retry') or n.priority <> o.priority or n.run_at <> o.run_at or n.queue <> o.queue);
  insert into tx.ready (id, queue, priority, run_at) select n.id, n.queue, n.priority, n.run_at from old_rows o join new_rows n on n.id = o.id
    where n.state in ('scheduled','ready','waiting','retry')
      and (o.state not in ('scheduled','ready','waiting','retry') or n.priority <> o.priority or n.run_at <> o.run_at or n.queue <> o.queue);
  delete from tx.leases l using old_rows o join new_rows n on n.id = o.id where l.id = o.id and o.state = 'active' and n.state <> 'active';
  insert into tx.leases (id, locked_until) select n.id, n.locked_until from old_rows o join new_rows n on n.id = o.id where n.state = 'active' and o.state <> 'active';
  update tx.leases l set locked_until = n.locked_until from old_rows o join new_rows n on n.id = o.id
    where l.id = n.id and o.state = 'active' and n.state = 'active' and n.locked_until is distinct from o.locked_until;
  return null;
end $f$;
create function tx.on_delete() returns trigger language plpgsql as $f$
begin
  delete from tx.ready r using old_rows o where r.id = o.id;
  delete from tx.leases l using old_rows o where l.id = o.id;
  return null;
end $f$;
create trigger jobs_ins after insert on tx.jobs referencing new table as new_rows for each statement execute function tx.on_insert();
create trigger jobs_upd after update on tx.jobs referencing old table as old_rows new table as new_rows for each statement execute function tx.on_update();
create trigger jobs_del after delete on tx.jobs referencing old table as old_rows for each statement execute function tx.on_delete();

create function tx.claim(p_now bigint, p_limit int, p_worker text, p_until bigint, p_token text)
returns table (id bigint, queue text, name text, payload text, priority integer, attempts integer, max_attempts integer, backoff text, timeout_ms bigint, run_at bigint, group_key text, unique_key text, last_error text, progress text, created_at bigint, stats text)
language plpgsql volatile set enable_sort = off as $f$
#variable_conflict use_column
begin
  return query with picked as (
    select r.id from tx.ready r where r.run_at <= p_now order by r.priority desc, r.run_at, r.id limit p_limit for update skip locked
  )
  update tx.jobs t set state = 'active', attempts = t.attempts + 1, locked_by = p_worker, locked_until = p_until, lock_token = p_token, started_at = p_now
  from picked where t.id = picked.id and t.state in ('scheduled','ready','waiting','retry')
  returning t.id, t.queue, t.name, t.payload, t.priority, t.attempts, t.max_attempts, t.backoff, t.timeout_ms, t.run_at, t.group_key, t.unique_key, t.last_error, t.progress, t.created_at, t.stats;
end $f$;

create function tx.settle(p_now bigint, p_changes text, p_channel text)
returns table (id bigint, queue text, state text, lock_token text) language plpgsql volatile
SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off as $f$
#variable_conflict use_column
begin
  return query with done as (
    update tx.jobs as t set state = o.state,
      result = case when o.state = 'completed' then coalesce(o.result::text, 'null') else t.result end,
      last_error = coalesce(o.error, t.last_error), run_at = coalesce(o.run_at, t.run_at),
      attempts = greatest(0, t.attempts - o.give_back),
      finished_at = case when o.state in ('completed', 'failed') then p_now else null end,
      stats = coalesce(o.stats::text, t.stats), locked_by = null, locked_until = null
    from json_to_recordset(p_changes::json) as o(id bigint, token text, state text, result json, error text, run_at bigint, give_back integer, stats json)
    where t.id = o.id and t.lock_token = o.token and (t.state || '') = 'active'
    returning t.id, t.queue, t.state, t.lock_token
  )
  select d.id, d.queue, d.state, d.lock_token from done d;
end $f$;
