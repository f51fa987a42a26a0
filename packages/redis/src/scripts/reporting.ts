/** Read-side scripts: counts and list (a script so a page is one consistent snapshot). */
export const COUNTS = String.raw`
--[[ Jobs per state; a scheduled / waiting / retry job due at now counts as ready.
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
    ARGV[2 ...] queues (none: every queue)
  Output: flat list state, count, ...
]]
local STATES = { 'scheduled', 'ready', 'active', 'waiting', 'retry', 'completed', 'failed', 'cancelled' }
local queues = {}
if #ARGV >= 2 then
  for i = 2, #ARGV do queues[#queues + 1] = ARGV[i] end
else
  queues = redis.call('HKEYS', P .. ':queues')
end
local total = {}
for _, s in ipairs(STATES) do total[s] = 0 end
for _, q in ipairs(queues) do
  local c = redis.call('HMGET', qkey(q, 'counts'), unpack(STATES))
  for i, s in ipairs(STATES) do total[s] = total[s] + (tonumber(c[i]) or 0) end
  for s in pairs(TIMED) do
    local due = redis.call('ZCOUNT', qkey(q, 'at_' .. s), '-inf', ARGV[1])
    total[s] = total[s] - due
    total.ready = total.ready + due
  end
end
local out = {}
for _, s in ipairs(STATES) do
  out[#out + 1] = s
  out[#out + 1] = total[s]
end
return out
`

export const COUNTS_BY_QUEUE = String.raw`
--[[ COUNTS of every queue in one call (the dashboard's and /metrics' view).
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
  Output: flat list, per queue: the queue's name, then its 8 counts in STATES order
]]
local STATES = { 'scheduled', 'ready', 'active', 'waiting', 'retry', 'completed', 'failed', 'cancelled' }
local out = {}
for _, q in ipairs(redis.call('HKEYS', P .. ':queues')) do
  local c = redis.call('HMGET', qkey(q, 'counts'), unpack(STATES))
  local n = {}
  for i, s in ipairs(STATES) do n[s] = tonumber(c[i]) or 0 end
  for s in pairs(TIMED) do
    local due = redis.call('ZCOUNT', qkey(q, 'at_' .. s), '-inf', ARGV[1])
    n[s] = n[s] - due
    n.ready = n.ready + due
  end
  out[#out + 1] = q
  for _, s in ipairs(STATES) do out[#out + 1] = n[s] end
end
return out
`

export const LIST = String.raw`
--[[ A page of jobs newest first (id DESC), filtered by state, queue and name.
  Input:
    KEYS[1] key prefix
    ARGV[1] state ('' = any)
    ARGV[2] queue ('' = any)
    ARGV[3] name ('' = any)
    ARGV[4] cursor: only ids below it ('' = from the newest)
    ARGV[5] limit
    ARGV[6] the most index entries one call may scan
  Output: { next cursor or '', hash, hash, ... }
]]
local state, queue, name, limit, budget = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[5]), tonumber(ARGV[6])
-- The narrowest index that holds every match; the other filters are checked per job.
local index = P .. ':all'
if state ~= '' then index = P .. ':s:' .. state elseif queue ~= '' then index = qkey(queue, 'all') end
local top = '+inf'
if ARGV[4] ~= '' then top = '(' .. ARGV[4] end
local CHUNK = math.max(limit + 1, 100)
local found = {}
local scanned, lastScanned = 0, nil
local exhausted = false
while #found <= limit and scanned < budget do
  local ids = redis.call('ZREVRANGEBYSCORE', index, top, '-inf', 'LIMIT', 0, CHUNK)
  if #ids == 0 then exhausted = true break end
  for _, id in ipairs(ids) do
    scanned = scanned + 1
    lastScanned = id
    local f = redis.call('HMGET', jkey(id), 'state', 'queue', 'name')
    if (state == '' or f[1] == state) and (queue == '' or f[2] == queue) and (name == '' or f[3] == name) then
      found[#found + 1] = id
      if #found > limit then break end
    end
  end
  top = '(' .. lastScanned
  if #ids < CHUNK and #found <= limit then exhausted = true break end
end
local out = { '' }
for i = 1, math.min(limit, #found) do out[#out + 1] = { found[i], redis.call('HGETALL', jkey(found[i])) } end
if #found > limit then
  out[1] = found[limit]
elseif not exhausted and lastScanned then
  -- The scan budget ran out before the page filled: continue after the last entry looked at.
  out[1] = lastScanned
end
return out
`
