import { Session } from 'node:inspector/promises'
import { writeFileSync, rmSync } from 'node:fs'
import { sqliteStore } from '@queue/sql/sqlite'
import { Queue, Worker } from '@queue/core'
const N = 100000
const file = '/tmp/adhoc-sprof.db'
for (const f of ['', '-wal', '-shm']) rmSync(file + f, { force: true })
const store = await sqliteStore({ filename: file })
await store.migrate()
const queue = new Queue({ store })
for (let i = 0; i < N; i += 10000) await queue.addMany(Array.from({ length: 10000 }, (_, k) => ({ name: 'bench', payload: { i: i + k, t: Date.now() } })))
let done = 0, resolve
const finished = new Promise((r) => (resolve = r))
const worker = new Worker({ store, concurrency: 10, leaseMs: 30000, handlers: { bench: async () => { if (++done === N) resolve() } } })
const session = new Session(); session.connect()
await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 100 }); await session.post('Profiler.start')
const t0 = performance.now()
await worker.start(); await finished
const ms = performance.now() - t0
const { profile } = await session.post('Profiler.stop')
writeFileSync('/tmp/sprof.cpuprofile', JSON.stringify(profile))
console.log(`${(N / ms * 1000).toFixed(0)} jobs/s ${(ms * 1000 / N).toFixed(1)} us/job`)
await worker.stop(); await store.close()
