/**
 * Lua shared by every script, prepended to each one (Redis runs one script atomically, so a helper
 * cannot be a separate script).
 *
 * Key layout under the prefix P (KEYS[1] of every script):
 * - `P:job:<id>` hash: one job; a null field is absent; `token` is the lease's fencing token.
 * - `P:id` counter: INCRBY per insert batch, so ids are increasing integers.
 * - `P:queues` hash queue -> jobs held, for `queues()` and claims over every queue.
 * - `P:q:<queue>:ready` ZSET of claimable due jobs: score -priority, member `runAt|id` as 32 digits,
 *   so ZRANGE is priority DESC, runAt ASC, id ASC (equal scores sort by member bytes).
 * - `P:q:<queue>:delayed` ZSET of claimable jobs not due yet, score runAt; a claim promotes due ones.
 * - `P:q:<queue>:counts` hash state -> jobs, for O(1) counts.
 * - `P:q:<queue>:at_<state>` ZSET by runAt of scheduled / waiting / retry jobs: counts() reports the
 *   due ones as ready.
 * - `P:q:<queue>:all`, `P:all`, `P:s:<state>` ZSETs scored by id, for list() newest first.
 * - `P:active` ZSET by lockedUntil (reclaimExpired); `P:done:<state>` ZSET by finishedAt (prune).
 * - `P:unique` hash uniqueKey -> id of the unfinished job holding it.
 * - `P:g:<group>` ZSET of the group's unfinished ids; `P:gactive` hash group -> its active id;
 *   `P:gplaced` hash group -> the one id of the group in ready/delayed (its oldest, when none is active).
 * - channel `P:wake`: the queue name, published when jobs become ready.
 */
export const COMMON = String.raw`
local P = KEYS[1]
local OFFSET = 1000000000000000
local TIMED = { scheduled = true, waiting = true, retry = true }
local UNFINISHED = { scheduled = true, ready = true, active = true, waiting = true, retry = true }

local function int(x) return string.format('%d', x) end
local function jkey(id) return P .. ':job:' .. id end
local function qkey(q, suffix) return P .. ':q:' .. q .. ':' .. suffix end
local function member(runAt, id) return string.format('%016d%016d', runAt + OFFSET, id) end
local function runAtOf(m) return tonumber(string.sub(m, 1, 16)) - OFFSET end
local function idOf(m) return int(tonumber(string.sub(m, 17))) end
-- Nullable strings arrive as '' (null) or '=' .. value.
local function opt(a) if a == nil or a == '' then return nil end return string.sub(a, 2) end

-- Counter changes are summed per script call and written once by flushCounts: a batch of 100
-- jobs in one queue costs 2 HINCRBY instead of 200.
local COUNT_DELTA = {}
local QUEUE_DELTA = {}
local function bump(q, state, n)
  local d = COUNT_DELTA[q]
  if not d then d = {} COUNT_DELTA[q] = d end
  d[state] = (d[state] or 0) + n
end
local function bumpQueue(q, n) QUEUE_DELTA[q] = (QUEUE_DELTA[q] or 0) + n end
local function flushCounts()
  for q, d in pairs(COUNT_DELTA) do
    for state, n in pairs(d) do
      if n ~= 0 then redis.call('HINCRBY', qkey(q, 'counts'), state, n) end
    end
  end
  for q, n in pairs(QUEUE_DELTA) do
    if n ~= 0 and redis.call('HINCRBY', P .. ':queues', q, n) <= 0 then redis.call('HDEL', P .. ':queues', q) end
  end
end

-- Moves the job between state counters and the per-state indexes ('to' timed states need runAt);
-- the caller writes the 'state' field in its own HSET, saving a call per transition.
local function setState(id, q, from, to, runAt)
  bump(q, from, -1)
  bump(q, to, 1)
  redis.call('ZREM', P .. ':s:' .. from, id)
  redis.call('ZADD', P .. ':s:' .. to, id, id)
  if TIMED[from] then redis.call('ZREM', qkey(q, 'at_' .. from), id) end
  if TIMED[to] then redis.call('ZADD', qkey(q, 'at_' .. to), int(runAt), id) end
end

-- Makes a claimable job visible to claims: ready when due at now, delayed otherwise.
local function place(id, q, priority, runAt, now)
  local m = member(runAt, id)
  if runAt <= now then
    redis.call('ZADD', qkey(q, 'ready'), int(-priority), m)
  else
    redis.call('ZADD', qkey(q, 'delayed'), int(runAt), m)
  end
end

local function unplace(id, q, runAt)
  local m = member(runAt, id)
  redis.call('ZREM', qkey(q, 'ready'), m)
  redis.call('ZREM', qkey(q, 'delayed'), m)
end

-- Keeps exactly the group's oldest unfinished job placed, and none while one of the group is active.
local function refreshGroup(g, now)
  local placed = redis.call('HGET', P .. ':gplaced', g)
  local want = false
  if redis.call('HEXISTS', P .. ':gactive', g) == 0 then
    want = redis.call('ZRANGE', P .. ':g:' .. g, 0, 0)[1] or false
  end
  if placed == want then return end
  if placed then
    local f = redis.call('HMGET', jkey(placed), 'queue', 'runAt')
    if f[1] then unplace(placed, f[1], tonumber(f[2])) end
    redis.call('HDEL', P .. ':gplaced', g)
  end
  if want then
    local f = redis.call('HMGET', jkey(want), 'queue', 'priority', 'runAt')
    place(want, f[1], tonumber(f[2]), tonumber(f[3]), now)
    redis.call('HSET', P .. ':gplaced', g, want)
  end
end

-- A claimable job (grouped or not) becomes visible to claims again.
local function requeue(id, q, g, priority, runAt, now)
  if g then refreshGroup(g, now) else place(id, q, priority, runAt, now) end
end

-- Drops the uniqueKey hold of a job that finished or is deleted.
local function freeUnique(id, u)
  if u and redis.call('HGET', P .. ':unique', u) == id then redis.call('HDEL', P .. ':unique', u) end
end

-- Takes the lease away from an active job (settle, reclaim, cancel, remove).
local function dropLease(id, g)
  redis.call('ZREM', P .. ':active', id)
  redis.call('HDEL', jkey(id), 'lockedBy', 'lockedUntil', 'token')
  if g and redis.call('HGET', P .. ':gactive', g) == id then redis.call('HDEL', P .. ':gactive', g) end
end

-- A job left the unfinished states (finished or deleted): the group moves on to its next job.
local function leaveGroup(id, g, now)
  if not g then return end
  redis.call('ZREM', P .. ':g:' .. g, id)
  refreshGroup(g, now)
end

local function finish(id, q, from, to, now)
  setState(id, q, from, to)
  redis.call('HSET', jkey(id), 'state', to, 'finishedAt', int(now))
  redis.call('ZADD', P .. ':done:' .. to, int(now), id)
end

local function wake(queues)
  for q in pairs(queues) do redis.call('PUBLISH', P .. ':wake', q) end
end
`
