/** Heartbeats, progress and the reclaim of leases whose worker died. */
export const RENEW = String.raw`
--[[ Extends the leases still held (active, same token) to now + leaseMs.
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
    ARGV[2] leaseMs
    ARGV[3 + 2 * i], ARGV[4 + 2 * i] lease i: job id, token
  Output: per lease 1 (renewed) or 0 (gone)
]]
local lockedUntil = int(tonumber(ARGV[1]) + tonumber(ARGV[2]))
local out = {}
for b = 3, #ARGV, 2 do
  local id = ARGV[b]
  local f = redis.call('HMGET', jkey(id), 'state', 'token')
  if f[1] == 'active' and f[2] == ARGV[b + 1] then
    redis.call('HSET', jkey(id), 'lockedUntil', lockedUntil)
    redis.call('ZADD', P .. ':active', lockedUntil, id)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
`

export const PROGRESS = String.raw`
--[[ Stores a handler's progress while its lease is held.
  Input:
    KEYS[1] key prefix
    ARGV[1] job id
    ARGV[2] lease token
    ARGV[3] progress (JSON)
  Output: 1 stored, 0 the lease is gone
]]
local f = redis.call('HMGET', jkey(ARGV[1]), 'state', 'token')
if f[1] ~= 'active' or f[2] ~= ARGV[2] then return 0 end
redis.call('HSET', jkey(ARGV[1]), 'progress', ARGV[3])
return 1
`

export const RECLAIM = String.raw`
--[[ Active jobs whose lockedUntil <= now go back to ready (attempt counted), or to failed when no
  attempt is left; the longest expired first.
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
    ARGV[2] limit
    ARGV[3] the error recorded on them
  Output: how many jobs moved
]]
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', P .. ':active', '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local woken = {}
for _, id in ipairs(expired) do
  local k = jkey(id)
  local f = redis.call('HMGET', k, 'queue', 'groupKey', 'uniqueKey', 'priority', 'runAt', 'attempts', 'maxAttempts')
  local q, g, u = f[1], f[2], f[3]
  dropLease(id, g)
  if tonumber(f[6]) >= tonumber(f[7]) then
    redis.call('HSET', k, 'lastError', ARGV[3])
    finish(id, q, 'active', 'failed', now)
    freeUnique(id, u)
    leaveGroup(id, g, now)
  else
    redis.call('HSET', k, 'lastError', ARGV[3], 'state', 'ready')
    setState(id, q, 'active', 'ready')
    requeue(id, q, g, tonumber(f[4]), tonumber(f[5]), now)
    woken[q] = true
  end
end
flushCounts()
wake(woken)
return #expired
`
