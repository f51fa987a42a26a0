import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { sqlStore } from '../src/store/sql-store.js'
import { sqliteExecutor } from '../src/sqlite/executor.js'
import { migrateSync } from '../src/sqlite/index.js'
import { names } from '../src/store/names.js'
import type { Executor } from '../src/executor.js'
const file = '/tmp/queue-prof4.db'
rmSync(file, { force: true })
const db = new Database(file)
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL')
migrateSync(db, names('sqlite', {}))
const inner = sqliteExecutor(db)
let claimSql = ''
let claimParams: unknown[] = []
const executor: Executor = { ...inner, query: async (sql, params) => { if (sql.startsWith('UPDATE "queue_jobs" SET state = \'active\'')) { claimSql = sql; claimParams = [...(params ?? [])] } return inner.query(sql, params) } }
const store = sqlStore({ executor, autoMigrate: false })
const job = { name: 'n', queue: 'default', payload: {}, priority: 500, runAt: new Date(0), maxAttempts: 3, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < 60; i++) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
let t = performance.now()
await store.claim({ workerId: 'w', limit: 100, leaseMs: 1000 })
console.log('first claim', performance.now() - t)
console.log(claimParams)
const stmt = db.prepare(claimSql)
t = performance.now()
for (let i = 0; i < 20; i++) stmt.all(...(claimParams as never[]))
console.log('same statement direct, ms/batch', (performance.now() - t) / 20)
t = performance.now()
for (let i = 0; i < 20; i++) await store.claim({ workerId: 'w', limit: 100, leaseMs: 1000 })
console.log('store.claim ms/batch', (performance.now() - t) / 20)
console.log(db.prepare('EXPLAIN QUERY PLAN ' + claimSql).all(...(claimParams as never[])).map((r: any) => r.detail))
const variants: [string, string, unknown[]][] = [
  ['literal limit', claimSql.replace(/LIMIT \?\)/, 'LIMIT 100)'), claimParams.slice(0, 5)],
  ['literal now', claimSql.replace('j.run_at <= ?', `j.run_at <= ${claimParams[4]}`), [...claimParams.slice(0, 4), claimParams[5]]],
  ['no group', claimSql.replace(/AND \(j\.group_key IS NULL OR NOT EXISTS \(.*?\)\)\)/s, ''), claimParams],
  ['returning id', claimSql.replace('RETURNING *', 'RETURNING id'), claimParams],
]
for (const [label, sql, params] of variants) {
  const s = db.prepare(sql)
  const t0 = performance.now()
  for (let i = 0; i < 20; i++) s.all(...(params as never[]))
  console.log(label, ((performance.now() - t0) / 20).toFixed(2))
}
for (const cols of ['id, queue, name', 'id, payload, backoff', 'id, state, priority, attempts, max_attempts, run_at, locked_until, created_at, started_at', 'id, result, last_error, progress, stats, group_key, unique_key, lock_token, locked_by, timeout_ms, finished_at']) {
  const s = db.prepare(claimSql.replace('RETURNING *', `RETURNING ${cols}`))
  const t0 = performance.now()
  for (let i = 0; i < 20; i++) s.all(...(claimParams as never[]))
  console.log(cols, ((performance.now() - t0) / 20).toFixed(2))
}
const two = db.prepare(claimSql.replace('RETURNING *', 'RETURNING id'))
const sel = db.prepare('SELECT * FROM queue_jobs WHERE id IN (SELECT value FROM json_each(?))')
const t1 = performance.now()
for (let i = 0; i < 20; i++) { const ids = two.all(...(claimParams as never[])).map((r: any) => r.id); sel.all(JSON.stringify(ids)) }
console.log('returning id + select *', ((performance.now() - t1) / 20).toFixed(2))
