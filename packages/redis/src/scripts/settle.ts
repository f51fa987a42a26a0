/** Applies a batch of attempt outcomes in one call, each fenced by its lease token. */
export const SETTLE = String.raw`
--[[ Settles outcomes in input order; a lease whose token no longer matches changes nothing.
  Input:
    KEYS[1] key prefix
    ARGV[1] now (ms)
    ARGV[2 + 6 * i ...] outcome i: type (complete|retry|wait|fail|release), job id, lease token,
      text ('' or '=' .. result JSON / error), runAt (ms or ''), stats (JSON or '')
  Output: per outcome 1 (applied) or 0 (the lease was gone)
]]
local now = tonumber(ARGV[1])
local out = {}
local woken = {}
for b = 2, #ARGV, 6 do
  local kind, id, token, text, stats = ARGV[b], ARGV[b + 1], ARGV[b + 2], opt(ARGV[b + 3]), ARGV[b + 5]
  local k = jkey(id)
  local f = redis.call('HMGET', k, 'state', 'token', 'queue', 'groupKey', 'uniqueKey', 'priority', 'runAt', 'attempts')
  if f[1] ~= 'active' or f[2] ~= token then
    out[#out + 1] = 0
  else
    local q, g, u = f[3], f[4], f[5]
    local priority, runAt, attempts = tonumber(f[6]), tonumber(f[7]), tonumber(f[8])
    dropLease(id, g)
    if kind == 'complete' then
      -- The hot path: one HSET for everything the outcome writes.
      if stats ~= '' then
        redis.call('HSET', k, 'result', text, 'state', 'completed', 'finishedAt', ARGV[1], 'stats', stats)
      else
        redis.call('HSET', k, 'result', text, 'state', 'completed', 'finishedAt', ARGV[1])
      end
      setState(id, q, 'active', 'completed')
      redis.call('ZADD', P .. ':done:completed', ARGV[1], id)
      freeUnique(id, u)
      leaveGroup(id, g, now)
    elseif kind == 'fail' then
      if stats ~= '' then redis.call('HSET', k, 'stats', stats) end
      redis.call('HSET', k, 'lastError', text)
      finish(id, q, 'active', 'failed', now)
      freeUnique(id, u)
      leaveGroup(id, g, now)
    elseif kind == 'retry' or kind == 'wait' then
      if stats ~= '' then redis.call('HSET', k, 'stats', stats) end
      runAt = tonumber(ARGV[b + 4])
      if text then redis.call('HSET', k, 'lastError', text) end
      local to = 'retry'
      if kind == 'wait' then
        -- Waiting is not a failed attempt (seed 002's WaitingException): give the attempt back.
        to = 'waiting'
        attempts = math.max(0, attempts - 1)
      end
      redis.call('HSET', k, 'runAt', ARGV[b + 4], 'state', to, 'attempts', int(attempts))
      setState(id, q, 'active', to, runAt)
      requeue(id, q, g, priority, runAt, now)
    else
      -- release: shutdown handed the job back; runAt stays, so it keeps its place in the order.
      if text then redis.call('HSET', k, 'lastError', text) end
      redis.call('HSET', k, 'attempts', int(math.max(0, attempts - 1)), 'state', 'ready')
      setState(id, q, 'active', 'ready')
      requeue(id, q, g, priority, runAt, now)
      woken[q] = true
    end
    out[#out + 1] = 1
  end
end
flushCounts()
wake(woken)
return out
`
