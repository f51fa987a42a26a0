/** Admin and dashboard operations: cancel, retry (kick), remove, prune. */
export const CANCEL = String.raw`
--[[ Any unfinished job -> cancelled; an active one loses its lease.
  Input:
    KEYS[1] key prefix
    ARGV[1] job id
    ARGV[2] now (ms)
  Output: false for an unknown id, else { changed (0|1), hash }
]]
local id, now = ARGV[1], tonumber(ARGV[2])
local k = jkey(id)
local f = redis.call('HMGET', k, 'state', 'queue', 'groupKey', 'uniqueKey', 'runAt')
if not f[1] then return false end
local state, q, g, u = f[1], f[2], f[3], f[4]
if not UNFINISHED[state] then return { 0, redis.call('HGETALL', k) } end
if state == 'active' then dropLease(id, g) elseif not g then unplace(id, q, tonumber(f[5])) end
finish(id, q, state, 'cancelled', now)
freeUnique(id, u)
leaveGroup(id, g, now)
flushCounts()
return { 1, redis.call('HGETALL', k) }
`

export const RETRY = String.raw`
--[[ A failed or cancelled job -> ready now with attempts reset, unless another unfinished job holds
  its uniqueKey.
  Input:
    KEYS[1] key prefix
    ARGV[1] job id
    ARGV[2] now (ms)
  Output: false for an unknown id, else { changed (0|1), hash }
]]
local id, now = ARGV[1], tonumber(ARGV[2])
local k = jkey(id)
local f = redis.call('HMGET', k, 'state', 'queue', 'groupKey', 'uniqueKey', 'priority')
if not f[1] then return false end
local state, q, g, u = f[1], f[2], f[3], f[4]
if (state ~= 'failed' and state ~= 'cancelled') or (u and redis.call('HEXISTS', P .. ':unique', u) == 1) then
  return { 0, redis.call('HGETALL', k) }
end
if u then redis.call('HSET', P .. ':unique', u, id) end
redis.call('ZREM', P .. ':done:' .. state, id)
redis.call('HDEL', k, 'finishedAt')
redis.call('HSET', k, 'attempts', '0', 'runAt', ARGV[2], 'state', 'ready')
setState(id, q, state, 'ready')
if g then redis.call('ZADD', P .. ':g:' .. g, id, id) end
requeue(id, q, g, tonumber(f[5]), now, now)
flushCounts()
redis.call('PUBLISH', P .. ':wake', q)
return { 1, redis.call('HGETALL', k) }
`

/** Deletes one job from every structure; shared by remove and prune. */
export const DELETE_JOB = String.raw`
local function deleteJob(id, now)
  local k = jkey(id)
  local f = redis.call('HMGET', k, 'state', 'queue', 'groupKey', 'uniqueKey', 'runAt')
  if not f[1] then return false end
  local state, q, g, u = f[1], f[2], f[3], f[4]
  if state == 'active' then dropLease(id, g) elseif UNFINISHED[state] and not g then unplace(id, q, tonumber(f[5])) end
  if UNFINISHED[state] then
    freeUnique(id, u)
    leaveGroup(id, g, now)
  end
  bump(q, state, -1)
  bumpQueue(q, -1)
  redis.call('ZREM', P .. ':s:' .. state, id)
  if TIMED[state] then redis.call('ZREM', qkey(q, 'at_' .. state), id) end
  redis.call('ZREM', P .. ':done:' .. state, id)
  redis.call('ZREM', P .. ':all', id)
  redis.call('ZREM', qkey(q, 'all'), id)
  redis.call('DEL', k)
  return true
end
`

export const REMOVE = String.raw`
--[[ Deletes one job whatever its state.
  Input:
    KEYS[1] key prefix
    ARGV[1] job id
    ARGV[2] now (ms), for the group's next job
  Output: 1 deleted, 0 unknown id
]]
local deleted = deleteJob(ARGV[1], tonumber(ARGV[2]))
flushCounts()
if deleted then return 1 end
return 0
`

export const PRUNE = String.raw`
--[[ Deletes up to batchSize finished jobs that finished before olderThan.
  Input:
    KEYS[1] key prefix
    ARGV[1] olderThan (ms, exclusive)
    ARGV[2] batchSize
    ARGV[3 ...] finished states to prune
  Output: how many jobs were deleted
]]
local left = tonumber(ARGV[2])
local deleted = 0
for i = 3, #ARGV do
  if left <= 0 then break end
  local batch = redis.call('ZRANGEBYSCORE', P .. ':done:' .. ARGV[i], '-inf', '(' .. ARGV[1], 'LIMIT', 0, left)
  for _, id in ipairs(batch) do
    if deleteJob(id, 0) then deleted = deleted + 1 end
  end
  left = left - #batch
end
flushCounts()
return deleted
`
