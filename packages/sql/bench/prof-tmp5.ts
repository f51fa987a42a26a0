import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { sqliteStore } from '../src/sqlite/index.js'
const N = 20000
function cpu<T>(f: () => T): [T, number] { const c = process.cpuUsage(); const r = f(); const d = process.cpuUsage(c); return [r, (d.user + d.system) / 1000] }
async function cpuA<T>(f: () => Promise<T>): Promise<[T, number]> { const c = process.cpuUsage(); const r = await f(); const d = process.cpuUsage(c); return [r, (d.user + d.system) / 1000] }
const mode = process.argv[2] ?? 'store'
const file = `/tmp/queue-prof5-${mode}.db`
for (const f of [file, file + '-wal', file + '-shm']) rmSync(f, { force: true })
if (mode === 'raw') {
  const db = new Database(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL')
  db.exec(`create table jobs (id integer primary key, queue text not null default 'default', payload text not null, state text not null default 'ready', priority integer not null default 500, run_at integer not null default (unixepoch('subsec') * 1000), attempts integer not null default 0, locked_until integer, created_at integer not null default (unixepoch('subsec') * 1000), finished_at integer); create index jobs_claim on jobs (priority desc, run_at, id) where state = 'ready';`)
  const insert = db.prepare('insert into jobs (payload) values (?)')
  db.transaction(() => { for (let i = 0; i < N; i++) insert.run(JSON.stringify({ i })) }).immediate()
  const claim = db.prepare(`update jobs set state = 'active', attempts = attempts + 1, locked_until = unixepoch('subsec') * 1000 + 30000 where id in (select id from jobs where state = 'ready' and run_at <= unixepoch('subsec') * 1000 order by priority desc, run_at, id limit ?) returning id, payload`)
  const complete = db.prepare(`update jobs set state = 'completed', finished_at = unixepoch('subsec') * 1000, locked_until = null where id in (select value from json_each(?))`)
  const claimTx = db.transaction((n: number) => claim.all(n) as { id: number }[])
  const [, ms] = cpu(() => { for (;;) { const rows = claimTx.immediate(100); if (rows.length === 0) break; complete.run(JSON.stringify(rows.map((r) => r.id))) } })
  console.log('raw cpu ms', ms.toFixed(0), 'µs/job', (ms * 1000 / N).toFixed(1))
} else {
  const store = sqliteStore({ filename: file, synchronous: 'NORMAL' })
  const job = { name: 'noop', queue: 'default', payload: { i: 1, t: 0 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'exponential' as const, baseMs: 1000, maxMs: 960000, jitter: true }, timeoutMs: null, groupKey: null, uniqueKey: null }
  for (let i = 0; i < N; i += 1000) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
  let claimMs = 0, settleMs = 0
  for (;;) {
    const [jobs, a] = await cpuA(() => store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 }))
    claimMs += a
    if (jobs.length === 0) break
    const [, b] = await cpuA(() => store.settle({ outcomes: jobs.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) }))
    settleMs += b
  }
  console.log('store cpu ms claim', claimMs.toFixed(0), 'settle', settleMs.toFixed(0), 'µs/job', ((claimMs + settleMs) * 1000 / N).toFixed(1))
}
