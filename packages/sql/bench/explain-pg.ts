/** Prints PostgreSQL's EXPLAIN ANALYZE for the claim and settle of one batch (a design aid). */
import pg from 'pg'
import { sqlStore } from '../src/store/sql-store.js'
import { pgExecutor } from '../src/postgres/executor.js'
import type { Executor } from '../src/executor.js'
const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `explain_${process.pid}`
const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
const inner = pgExecutor(pool, { prepare: false })
let capture = false
const seen: [string, unknown[]][] = []
const executor: Executor = { ...inner, query: (sql, params) => { if (capture) seen.push([sql, [...(params ?? [])]]); return inner.query(sql, params) } }
const store = sqlStore({ executor, schema })
const job = { name: 'noop', queue: 'default', payload: { i: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < 20; i++) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
for (let i = 0; i < 50; i++) {
  const c = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
  await store.settle({ outcomes: c.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
}
capture = true
const c = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
await store.settle({ outcomes: c.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
capture = false
const client = await pool.connect()
for (const [sql, params] of seen) {
  await client.query('BEGIN')
  const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)
  await client.query('ROLLBACK')
  console.log('----\n' + rows.map((r) => r['QUERY PLAN']).join('\n'))
}
client.release()
await pool.query(`DROP SCHEMA "${schema}" CASCADE`)
await pool.end()
