import { randomBytes } from 'node:crypto'
import { redisStore } from '../dist/index.js'
import { Redis } from 'ioredis'
const prefix = `bench-prof-${randomBytes(4).toString('hex')}`
const store = redisStore({ url: 'redis://127.0.0.1:6379' }, { prefix })
await store.migrate()
const job = (i) => ({ name: 'bench', queue: 'default', payload: { i }, priority: 500, runAt: new Date(), maxAttempts: 25, backoff: { type: 'fixed', delayMs: 1000 }, timeoutMs: null, groupKey: null, uniqueKey: null })
let t = performance.now()
for (let k = 0; k < 20000; k += 5000) await store.insert({ jobs: Array.from({ length: 5000 }, (_, i) => job(k + i)) })
console.log('insert 20k ms', Math.round(performance.now() - t))
t = performance.now()
const cpu0 = process.cpuUsage()
let n = 0, tc = 0, ts = 0
for (;;) {
  let a = performance.now()
  const jobs = await store.claim({ workerId: 'w', limit: 10, leaseMs: 30000 })
  tc += performance.now() - a
  if (jobs.length === 0) break
  a = performance.now()
  await store.settle({ outcomes: jobs.map((j) => ({ type: 'complete', lease: j.lease, result: null })) })
  ts += performance.now() - a
  n += jobs.length
}
const cpu = process.cpuUsage(cpu0); console.log('node cpu ms', Math.round((cpu.user + cpu.system) / 1000))
console.log('claim10+settle', n, 'jobs in ms', Math.round(performance.now() - t), 'claim', Math.round(tc), 'settle', Math.round(ts))
await store.close()
const r = new Redis(); let c='0'; do { const [nx, keys] = await r.scan(c, 'MATCH', prefix + ':*', 'COUNT', 1000); c = nx; if (keys.length) await r.unlink(...keys) } while (c !== '0'); await r.quit()
