// Server-side microseconds per script call (INFO commandstats), claim and settle measured apart,
// and the wall-clock rate of the claim + settle loop. Usage: node bench/server-cost.mjs [batch=10]
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { redisStore } from '../dist/index.js'
const r = new Redis()
async function stat() { const s = await r.info('commandstats'); const m = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(s); return [Number(m[1]), Number(m[2])] }
const prefix = `bench-cost-${randomBytes(4).toString('hex')}`
const store = redisStore({ url: 'redis://127.0.0.1:6379' }, { prefix })
await store.migrate()
const job = (i) => ({ name: 'bench', queue: 'default', payload: { i }, priority: 500, runAt: new Date(), maxAttempts: 25, backoff: { type: 'fixed', delayMs: 1000 }, timeoutMs: null, groupKey: null, uniqueKey: null })
const B = Number(process.argv[2] ?? 10)
const stats = { pid: 1, host: 'h', durationMs: 1, memoryBefore: { rss: 1, heapUsed: 1 }, memoryAfter: { rss: 1, heapUsed: 1 } }
let [c0, u0] = await stat()
for (let k = 0; k < 20000; k += 1000) await store.insert({ jobs: Array.from({ length: 1000 }, (_, i) => job(k + i)) })
let [c1, u1] = await stat()
console.log('insert us/job', ((u1 - u0) / 20000).toFixed(1))
const leased = []
;[c0, u0] = await stat()
const t0 = performance.now()
for (let i = 0; i < 20000 / B; i++) leased.push(...(await store.claim({ workerId: 'w', limit: B, leaseMs: 30000 })))
const claimMs = performance.now() - t0
;[c1, u1] = await stat()
console.log(`claim-${B} us/call`, ((u1 - u0) / (c1 - c0)).toFixed(1))
;[c0, u0] = await stat()
const t1 = performance.now()
for (let i = 0; i < leased.length; i += B) await store.settle({ outcomes: leased.slice(i, i + B).map((j) => ({ type: 'complete', lease: j.lease, result: null, stats })) })
const settleMs = performance.now() - t1
;[c1, u1] = await stat()
console.log(`settle-${B} us/call`, ((u1 - u0) / (c1 - c0)).toFixed(1))
console.log(`claim + settle in batches of ${B}: ${Math.round(leased.length / ((claimMs + settleMs) / 1000)).toLocaleString('en-US')} jobs/s (wall)`)
await store.close()
let c = '0'; do { const [nx, keys] = await r.scan(c, 'MATCH', prefix + ':*', 'COUNT', 1000); c = nx; if (keys.length) await r.unlink(...keys) } while (c !== '0')
await r.quit()
