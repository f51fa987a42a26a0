import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { sqliteStore } from '@queue/sql/sqlite'
import { Queue } from '@queue/core'
const variant = process.argv[2]
const N = 60000
const file = '/tmp/adhoc-ssettle.db'
for (const f of ['', '-wal', '-shm']) rmSync(file + f, { force: true })
const store = await sqliteStore({ filename: file })
await store.migrate()
const queue = new Queue({ store })
for (let i = 0; i < N; i += 10000) await queue.addMany(Array.from({ length: 10000 }, (_, k) => ({ name: 'bench', payload: { i: i + k, t: Date.now() } })))
const batches = []
const c0 = performance.now()
for (;;) { const jobs = await store.claim({ workerId: 'host:1234:abcdef12', limit: 300, leaseMs: 30000 }); if (jobs.length === 0) break; batches.push(jobs) }
const claimUs = (performance.now() - c0) * 1000 / N
const stats = { pid: 1234, host: 'host', durationMs: 0.012, memoryBefore: { rss: 100000000, heapUsed: 20000000 }, memoryAfter: { rss: 100000000, heapUsed: 20000000 } }
const statsText = '[1234,"host",0.012,100000000,20000000,100000000,20000000]'
let db
if (variant !== 'store') { db = new Database(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL') }
const t0 = performance.now()
if (variant === 'store') {
  for (const jobs of batches) await store.settle({ outcomes: jobs.map((job) => ({ type: 'complete', lease: job.lease, result: null, stats })) })
} else if (variant === 'noreturn' || variant === 'returning' || variant === 'retid') {
  const sql = `UPDATE queue_jobs AS t SET state = 'completed', result = o.value -> 2, finished_at = ?,
  stats = COALESCE(NULLIF(o.value -> 3, 'null'), t.stats), locked_by = NULL, locked_until = NULL
FROM json_each(?) AS o
WHERE t.id = o.value ->> 0 AND t.lock_token = o.value ->> 1 AND +t.state = 'active'` + (variant === 'returning' ? ' RETURNING id, queue, state, lock_token' : variant === 'retid' ? ' RETURNING id' : '')
  const st = db.prepare(sql)
  for (const jobs of batches) {
    const tuples = '[' + jobs.map((j) => `[${j.id},${JSON.stringify(j.lease.token)},null,${statsText}]`).join(',') + ']'
    if (variant === 'returning' || variant === 'retid') st.all(Date.now(), tuples); else st.run(Date.now(), tuples)
  }
} else {
  const st = db.prepare(`UPDATE queue_jobs SET state = 'completed', result = ?, finished_at = ?, stats = ?, locked_by = NULL, locked_until = NULL WHERE id = ? AND lock_token = ? AND +state = 'active' RETURNING id, queue, state, lock_token`)
  const tx = db.transaction((jobs, now) => { const out = []; for (const job of jobs) { const r = st.get('null', now, statsText, Number(job.id), job.lease.token); if (r) out.push(r) } return out })
  for (const jobs of batches) tx.immediate(jobs, Date.now())
}
const settleUs = (performance.now() - t0) * 1000 / N
console.log(`${variant} ${settleUs.toFixed(2)} ${claimUs.toFixed(2)}`)
db?.close(); await store.close()
