/** Leases the next due jobs of one or more queues in one call. */
export const CLAIM = String.raw`
--[[ Leases up to limit due jobs: priority DESC, runAt ASC, id ASC, merged across the queues.
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
    ARGV[2] workerId
    ARGV[3] leaseMs
    ARGV[4] limit
    ARGV[5] token base (random per call; a lease's token is base .. ':' .. id)
    ARGV[6] lowest ready score: '-inf' or -(priority max)
    ARGV[7] highest ready score: '+inf' or -(priority min)
    ARGV[8 ...] queues to claim from (none: every queue)
  Output: per leased job { id, hash as it was before the claim } (the caller applies the lease fields)
]]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[4])
local lockedUntil = int(now + tonumber(ARGV[3]))
-- Due delayed jobs promoted per queue and call; bounds one script's run time on a huge backlog.
local PROMOTE_MAX = 5000
local queues = {}
if #ARGV >= 8 then
  for i = 8, #ARGV do queues[#queues + 1] = ARGV[i] end
else
  queues = redis.call('HKEYS', P .. ':queues')
end

local cursors = {}
for _, q in ipairs(queues) do
  local delayed = qkey(q, 'delayed')
  local due = redis.call('ZRANGEBYSCORE', delayed, '-inf', ARGV[1], 'LIMIT', 0, PROMOTE_MAX)
  for _, m in ipairs(due) do
    redis.call('ZREM', delayed, m)
    local priority = tonumber(redis.call('HGET', jkey(idOf(m)), 'priority'))
    redis.call('ZADD', qkey(q, 'ready'), int(-priority), m)
  end
  cursors[#cursors + 1] = { key = qkey(q, 'ready'), buf = {}, pos = 1, off = 0, done = false }
end

local CHUNK = limit + 8
-- The cursor's next due entry { member, score }, or nil when the queue has none left.
local function peek(c)
  while true do
    if c.pos > #c.buf then
      if c.done then return nil end
      local r = redis.call('ZRANGEBYSCORE', c.key, ARGV[6], ARGV[7], 'WITHSCORES', 'LIMIT', c.off, CHUNK)
      c.off = c.off + #r / 2
      c.done = #r < 2 * CHUNK
      c.buf, c.pos = {}, 1
      for i = 1, #r, 2 do c.buf[#c.buf + 1] = { r[i], tonumber(r[i + 1]) } end
      if #c.buf == 0 then return nil end
    end
    local e = c.buf[c.pos]
    -- A job promoted by a claim at a later now is not due at this call's now.
    if runAtOf(e[1]) <= now then return e end
    c.pos = c.pos + 1
  end
end

local out = {}
while #out < limit do
  local best, from = nil, nil
  for _, c in ipairs(cursors) do
    local e = peek(c)
    if e and (best == nil or e[2] < best[2] or (e[2] == best[2] and e[1] < best[1])) then best, from = e, c end
  end
  if best == nil then break end
  from.pos = from.pos + 1
  local m = best[1]
  local id = idOf(m)
  local k = jkey(id)
  local hash = redis.call('HGETALL', k)
  local state, q, g, attempts
  for i = 1, #hash, 2 do
    local field = hash[i]
    if field == 'state' then state = hash[i + 1]
    elseif field == 'queue' then q = hash[i + 1]
    elseif field == 'groupKey' then g = hash[i + 1]
    elseif field == 'attempts' then attempts = tonumber(hash[i + 1]) end
  end
  redis.call('ZREM', from.key, m)
  from.off = from.off - 1 -- the removed member sat before the next fetch's offset
  redis.call('HSET', k, 'state', 'active', 'attempts', int(attempts + 1), 'lockedBy', ARGV[2], 'lockedUntil', lockedUntil,
    'startedAt', ARGV[1], 'token', ARGV[5] .. ':' .. id)
  setState(id, q, state, 'active')
  redis.call('ZADD', P .. ':active', lockedUntil, id)
  if g then
    redis.call('HSET', P .. ':gactive', g, id)
    redis.call('HDEL', P .. ':gplaced', g)
  end
  out[#out + 1] = { id, hash }
end
flushCounts()
return out
`
