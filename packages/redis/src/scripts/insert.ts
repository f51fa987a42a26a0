/** Inserts a batch of jobs in one call: ids, indexes, unique keys, serial groups, wake-ups. */
export const INSERT = String.raw`
--[[ Inserts jobs in input order; a uniqueKey held by an unfinished job returns that job instead.
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
    ARGV[2] number of jobs n
    ARGV[3 + 10 * i ...] job i: queue, name, payload (JSON), priority, runAt (ms), maxAttempts,
      backoff (JSON), timeoutMs ('' = null), groupKey ('' or '=' .. key), uniqueKey ('' or '=' .. key)
  Output: per job { id, 0 } for a new job, { id, 1, hash } for a duplicate
]]
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local last = redis.call('INCRBY', P .. ':id', n)
local out = {}
local woken = {}
for i = 0, n - 1 do
  local b = 3 + 10 * i
  local q, priority, runAt = ARGV[b], tonumber(ARGV[b + 3]), tonumber(ARGV[b + 4])
  local g, u = opt(ARGV[b + 8]), opt(ARGV[b + 9])
  local held = u and redis.call('HGET', P .. ':unique', u)
  if held then
    out[#out + 1] = { held, 1, redis.call('HGETALL', jkey(held)) }
  else
    local id = int(last - n + 1 + i)
    local state = 'ready'
    if runAt > now then state = 'scheduled' end
    local k = jkey(id)
    redis.call('HSET', k, 'queue', q, 'name', ARGV[b + 1], 'payload', ARGV[b + 2], 'state', state,
      'priority', ARGV[b + 3], 'attempts', '0', 'maxAttempts', ARGV[b + 5], 'backoff', ARGV[b + 6],
      'runAt', ARGV[b + 4], 'createdAt', ARGV[1])
    if ARGV[b + 7] ~= '' then redis.call('HSET', k, 'timeoutMs', ARGV[b + 7]) end
    if g then redis.call('HSET', k, 'groupKey', g) end
    if u then
      redis.call('HSET', k, 'uniqueKey', u)
      redis.call('HSET', P .. ':unique', u, id)
    end
    redis.call('ZADD', P .. ':all', id, id)
    redis.call('ZADD', qkey(q, 'all'), id, id)
    redis.call('ZADD', P .. ':s:' .. state, id, id)
    bump(q, state, 1)
    bumpQueue(q, 1)
    if state == 'scheduled' then redis.call('ZADD', qkey(q, 'at_scheduled'), ARGV[b + 4], id) end
    if g then
      redis.call('ZADD', P .. ':g:' .. g, id, id)
      refreshGroup(g, now)
    else
      place(id, q, priority, runAt, now)
    end
    if state == 'ready' then woken[q] = true end
    out[#out + 1] = { id, 0 }
  end
end
flushCounts()
wake(woken)
return out
`

/** Inserts one job leased to a worker, as a claim leaves it (core's handoff of `queue.add`). */
export const INSERT_LEASED = String.raw`
--[[ Inserts one job active and leased: no ready entry, no wake-up. The caller has checked that it
  is due, has no groupKey and no uniqueKey.
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
    ARGV[2 ... 11] the job, as for INSERT: queue, name, payload (JSON), priority, runAt (ms),
      maxAttempts, backoff (JSON), timeoutMs ('' = null), groupKey (''), uniqueKey ('')
    ARGV[12] workerId
    ARGV[13] leaseMs
    ARGV[14] token base (the lease's token is base .. ':' .. id, as a claim's)
  Output: the new id
]]
local now = tonumber(ARGV[1])
local q = ARGV[2]
local id = int(redis.call('INCR', P .. ':id'))
local lockedUntil = int(now + tonumber(ARGV[13]))
local k = jkey(id)
redis.call('HSET', k, 'queue', q, 'name', ARGV[3], 'payload', ARGV[4], 'state', 'active',
  'priority', ARGV[5], 'attempts', '1', 'maxAttempts', ARGV[7], 'backoff', ARGV[8],
  'runAt', ARGV[6], 'createdAt', ARGV[1], 'lockedBy', ARGV[12], 'lockedUntil', lockedUntil,
  'startedAt', ARGV[1], 'token', ARGV[14] .. ':' .. id)
if ARGV[9] ~= '' then redis.call('HSET', k, 'timeoutMs', ARGV[9]) end
redis.call('ZADD', P .. ':all', id, id)
redis.call('ZADD', qkey(q, 'all'), id, id)
redis.call('ZADD', P .. ':s:active', id, id)
bump(q, 'active', 1)
bumpQueue(q, 1)
redis.call('ZADD', P .. ':active', lockedUntil, id)
flushCounts()
return id
`
