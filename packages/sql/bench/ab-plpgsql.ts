/** A/B: the settle as a SQL function (re-planned per call) or plpgsql (plan cached per session). */
import pg from 'pg'
import { postgresStore } from '../src/postgres/index.js'
import { migrationSql } from '../src/schema/migrations.js'
const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `ab_${process.pid}`
const pool = new pg.Pool({ connectionString: PG_URL, max: 1 })
const store = postgresStore({ connectionString: PG_URL, schema, max: 1 })
await store.migrate()
const sql = migrationSql({ dialect: 'postgres', schema })
const settleDef = sql.split(';\n\n').find((s) => s.includes('queue_settle'))!
const body = settleDef.slice(settleDef.indexOf('$settle$') + 8, settleDef.lastIndexOf('$settle$'))
const plpgsql = settleDef.slice(0, settleDef.indexOf(' LANGUAGE sql')).replace('"queue_settle"', '"queue_settle2"') +
  ` LANGUAGE plpgsql VOLATILE SET enable_seqscan = off SET enable_bitmapscan = off SET enable_hashjoin = off SET enable_mergejoin = off AS $p$ BEGIN RETURN QUERY ${body.replace(/\bSELECT d\.id, d\.queue, d\.state, d\.lock_token FROM done d/, 'SELECT d.id, d.queue, d.state, d.lock_token FROM done d')}; END $p$`
await pool.query(plpgsql)
const job = { name: 'noop', queue: 'default', payload: { i: 1 }, priority: 500, runAt: new Date(0), maxAttempts: 25, backoff: { type: 'fixed' as const, delayMs: 1 }, timeoutMs: null, groupKey: null, uniqueKey: null }
for (let i = 0; i < 12; i++) await store.insert({ jobs: Array.from({ length: 1000 }, () => job) })
const ms = { sql: 0, plpgsql: 0 }
for (let b = 0; b < 60; b++) {
  const jobs = await store.claim({ workerId: 'w', limit: 100, leaseMs: 30000 })
  const changes = JSON.stringify(jobs.map((j) => ({ id: Number(j.id), token: j.lease.token, state: 'completed', result: 'null', give_back: 0 })))
  const fn = b % 2 === 0 ? 'queue_settle' : 'queue_settle2'
  const s = performance.now()
  const { rows } = await pool.query({ name: fn, text: `SELECT * FROM "${schema}"."${fn}"($1::bigint, $2::text, $3::text)`, values: [Date.now(), changes, 'x'] })
  if (rows.length !== jobs.length) throw new Error('mismatch')
  ms[b % 2 === 0 ? 'sql' : 'plpgsql'] += performance.now() - s
}
console.log(`settle ms per batch: sql ${(ms.sql / 30).toFixed(2)}, plpgsql ${(ms.plpgsql / 30).toFixed(2)}`)
await store.close()
await pool.query(`drop schema "${schema}" cascade`)
await pool.end()
