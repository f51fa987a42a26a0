import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { migrateSync } from '../src/sqlite/index.js'
import { names } from '../src/store/names.js'
const file = '/tmp/queue-prof6.db'
for (const f of [file, file + '-wal', file + '-shm']) rmSync(f, { force: true })
const db = new Database(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL')
migrateSync(db, names('sqlite', {}))
const ins = db.prepare(`INSERT INTO queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, run_at, created_at) VALUES ('default','noop','{"i":1,"t":0}','ready',500,25,'{"type":"exponential","baseMs":1000,"maxMs":960000,"jitter":true}',0,0)`)
db.transaction(() => { for (let i = 0; i < 60000; i++) ins.run() })()
const G = `AND (j.group_key IS NULL OR NOT EXISTS (SELECT 1 FROM queue_jobs g WHERE g.group_key = j.group_key AND g.state IN ('scheduled','ready','active','waiting','retry') AND g.id <> j.id AND (g.id < j.id OR g.state = 'active')))`
const base = (ret: string, group: string) => `UPDATE queue_jobs SET state = 'active', attempts = attempts + 1, locked_by = ?, locked_until = ?, lock_token = ?, started_at = ? WHERE id IN (SELECT j.id FROM queue_jobs AS j INDEXED BY queue_jobs_claim WHERE j.state IN ('scheduled','ready','waiting','retry') AND j.run_at <= ? ${group} ORDER BY j.priority DESC, j.run_at, j.id LIMIT ?) RETURNING ${ret}`
const params = ['w', 5, 'tok', 1, 10, 100]
function measure(label: string, sql: string, batches = 50) {
  const s = db.prepare(sql)
  const c = process.cpuUsage()
  let rows = 0
  for (let i = 0; i < batches; i++) rows += s.all(...params).length
  const d = process.cpuUsage(c)
  console.log(label.padEnd(30), 'µs/job', ((d.user + d.system) / rows).toFixed(1), rows)
}
for (let r = 0; r < 2; r++) {
  measure('returning *, group', base('*', G))
  measure('returning id, group', base('id', G))
  measure('returning *, no group', base('*', ''))
  measure('returning id, no group', base('id', ''))
}
{
  const upd = db.prepare(base('id', G))
  const sel = db.prepare('SELECT * FROM queue_jobs WHERE id IN (SELECT value FROM json_each(?))')
  const sel2 = db.prepare('SELECT id, queue, name, payload, state, priority, attempts, max_attempts, backoff, timeout_ms, run_at, group_key, unique_key, result, last_error, progress, locked_by, locked_until, lock_token, created_at, started_at, finished_at, stats FROM queue_jobs WHERE id IN (SELECT value FROM json_each(?))')
  for (const [label, s] of [['select *', sel], ['select cols', sel2]] as const) {
    const c = process.cpuUsage()
    let rows = 0
    for (let i = 0; i < 50; i++) { const ids = upd.all(...params).map((r: any) => r.id); rows += s.all(JSON.stringify(ids)).length }
    const d = process.cpuUsage(c)
    console.log(`returning id + ${label}`.padEnd(30), 'µs/job', ((d.user + d.system) / rows).toFixed(1), rows)
  }
  const c = process.cpuUsage()
  const s = db.prepare('SELECT * FROM queue_jobs WHERE id IN (SELECT value FROM json_each(?))')
  const ids = JSON.stringify(Array.from({ length: 100 }, (_, i) => i + 1))
  for (let i = 0; i < 50; i++) s.all(ids)
  const d = process.cpuUsage(c)
  console.log('select * alone'.padEnd(30), 'µs/job', ((d.user + d.system) / 5000).toFixed(1))
}
{
  const ids = JSON.stringify(Array.from({ length: 100 }, (_, i) => i + 1))
  for (const raw of [false, true, false, true]) {
    const s = db.prepare('SELECT * FROM queue_jobs WHERE id IN (SELECT value FROM json_each(?))')
    if (raw) s.raw(true)
    const c = process.cpuUsage()
    for (let i = 0; i < 100; i++) s.all(ids)
    const d = process.cpuUsage(c)
    console.log(`select * raw=${raw}`.padEnd(30), 'µs/job', ((d.user + d.system) / 10000).toFixed(1))
  }
  const s = db.prepare('SELECT id FROM queue_jobs WHERE id IN (SELECT value FROM json_each(?))')
  const c = process.cpuUsage()
  for (let i = 0; i < 100; i++) s.all(ids)
  const d = process.cpuUsage(c)
  console.log(`select id`.padEnd(30), 'µs/job', ((d.user + d.system) / 10000).toFixed(1))
}
{
  const ids = JSON.stringify(Array.from({ length: 100 }, (_, i) => i + 1))
  const s = db.prepare('SELECT * FROM queue_jobs WHERE id IN (SELECT value FROM json_each(?))')
  s.raw(true)
  const cols = s.columns().map((c) => c.name)
  for (let r = 0; r < 2; r++) {
    const c = process.cpuUsage()
    let keep = 0
    for (let i = 0; i < 100; i++) {
      const rows = (s.all(ids) as unknown[][]).map((a) => { const o: Record<string, unknown> = {}; for (let k = 0; k < cols.length; k++) o[cols[k]!] = a[k]; return o })
      keep += rows.length
    }
    const d = process.cpuUsage(c)
    console.log(`select * raw + js objects`.padEnd(30), 'µs/job', ((d.user + d.system) / 10000).toFixed(1), keep)
  }
}
