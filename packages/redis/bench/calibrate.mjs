import { Redis } from 'ioredis'
const r = new Redis()
async function stat() { const s = await r.info('commandstats'); const m = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(s); return [Number(m[1]), Number(m[2])] }
for (const [name, body] of [['return 1', 'return 1'], ['120 HGET', "for i=1,120 do redis.call('HGET', 'calib-x', 'y') end return 1"], ['120 ZADD+ZREM', "for i=1,60 do redis.call('ZADD', 'calib-z', i, i) redis.call('ZREM', 'calib-z', i) end return 1"]]) {
  const sha = await r.script('LOAD', body)
  const [c0, u0] = await stat()
  const t = performance.now()
  for (let i = 0; i < 2000; i++) await r.evalsha(sha, 0)
  const wall = performance.now() - t
  const [c1, u1] = await stat()
  console.log(name.padEnd(14), 'server us/call', ((u1 - u0) / (c1 - c0)).toFixed(1), 'wall us/call', ((wall * 1000) / 2000).toFixed(0))
}
await r.quit()
