/** EXPLAIN (ANALYZE, WAL) of one store settle and one raw complete, mid-drain (a design aid). */
import pg from 'pg'
import { sqlStore } from '../src/store/sql-store.js'
import { pgExecutor } from '../src/postgres/executor.js'
import type { Executor, SqlValue } from '../src/executor.js'
const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `explain_s_${process.pid}`
const pool = new pg.Pool({ connectionString: PG_URL, max: 2 })
const inner = pgExecutor(pool)
let last: [string, readonly SqlValue[]] = ['', []]
const executor: Executor = { ...inner, query: (sql, params) => { last = [sql, params ?? []]; return inner.query(sql, params) } }
const store = sqlStore({ executor, schema })
const job = { name: 'noop', queue: 'default', payload: { i: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < 10; i++) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
for (let i = 0; i < 30; i++) {
  const c = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
  await store.settle({ outcomes: c.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
}
const c = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
const claimSql = last
const client = await pool.connect()
await client.query('BEGIN')
const { rows: cr } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${claimSql[0]}`, [...claimSql[1]])
await client.query('ROLLBACK')
console.log('claim:\n' + cr.map((r) => r['QUERY PLAN']).join('\n'))
// Capture the settle SQL without running it.
let settleSql: [string, readonly SqlValue[]] = ['', []]
const capture: Executor = { ...inner, query: async (sql, params) => { settleSql = [sql, params ?? []]; return { rows: [], affected: 0 } } }
await sqlStore({ executor: capture, schema, autoMigrate: false }).settle({ outcomes: c.map((j) => ({ type: 'complete' as const, lease: j.lease, result: null })) })
client.on('notice', (msg) => console.log('nested:', msg.message))
await client.query("LOAD 'auto_explain'")
await client.query('SET auto_explain.log_min_duration = 0')
await client.query('SET auto_explain.log_analyze = on')
await client.query('SET auto_explain.log_nested_statements = on')
await client.query('SET auto_explain.log_level = notice')
await client.query('BEGIN')
const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${settleSql[0]}`, [...settleSql[1]])
await client.query('ROLLBACK')
console.log('settle:\n' + rows.map((r) => r['QUERY PLAN']).join('\n'))
client.release()
await store.close()
await pool.query(`DROP SCHEMA "${schema}" CASCADE`)
await pool.end()
