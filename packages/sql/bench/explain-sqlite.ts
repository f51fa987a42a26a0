/** Prints SQLite's query plan for every distinct statement of a claim/settle round (a design aid). */
import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { sqlStore } from '../src/store/sql-store.js'
import { sqliteExecutor } from '../src/sqlite/executor.js'
import { migrateSync } from '../src/sqlite/migrate.js'
import { names } from '../src/store/names.js'
import type { Executor } from '../src/executor.js'

const file = '/tmp/queue-explain.db'
rmSync(file, { force: true })
const db = new Database(file)
migrateSync(db, names('sqlite', {}))
const inner = sqliteExecutor(db)
const seen = new Map<string, unknown[]>()
const executor: Executor = { ...inner, query: (sql, params) => (seen.set(sql, [...(params ?? [])]), inner.query(sql, params)) }
const store = sqlStore({ executor, autoMigrate: false })
const job = { name: 'n', queue: 'default', payload: {}, priority: 500, runAt: new Date(0), maxAttempts: 3, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }
await store.insert({ jobs: Array.from({ length: 2000 }, () => job) })

seen.clear()
const claimed = await store.claim({ workerId: 'w', limit: 100, leaseMs: 1000 })
await store.settle({ outcomes: claimed.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
for (const [sql, params] of seen) {
  console.log('----\n' + sql.slice(0, 300))
  for (const row of db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as never[]))) console.log('  ', (row as { detail: string }).detail)
}
