import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { migrateSync } from '../src/sqlite/index.js'
import { names } from '../src/store/names.js'
const file = '/tmp/queue-prof7.db'
for (const f of [file, file + '-wal', file + '-shm']) rmSync(f, { force: true })
const db = new Database(file); db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL')
migrateSync(db, names('sqlite', {}))
const ins = db.prepare(`INSERT INTO queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, run_at, created_at, lock_token) VALUES ('default','noop','{"i":1,"t":0}','active',500,25,'{"type":"exponential","baseMs":1000,"maxMs":960000,"jitter":true}',0,0,'tok')`)
db.transaction(() => { for (let i = 0; i < 60000; i++) ins.run() })()
const keys = ['id', 'token', 'state', 'result', 'error', 'run_at', 'give_back', 'stats']
const full = db.prepare(`UPDATE queue_jobs AS t SET state = o.state,
  result = CASE WHEN o.state = 'completed' THEN o.result ELSE t.result END,
  last_error = COALESCE(o.error, t.last_error), run_at = COALESCE(o.run_at, t.run_at),
  attempts = max(0, t.attempts - o.give_back),
  finished_at = CASE WHEN o.state IN ('completed', 'failed') THEN ? ELSE NULL END,
  stats = COALESCE(o.stats, t.stats), locked_by = NULL, locked_until = NULL
FROM (SELECT ${keys.map((k) => `json_extract(value, '$.${k}') AS ${k}`).join(', ')} FROM json_each(?)) AS o
WHERE t.id = o.id AND t.lock_token = o.token AND +t.state = 'active' RETURNING id, queue, state, lock_token`)
const simple = db.prepare(`UPDATE queue_jobs AS t SET state = 'completed', finished_at = ?, locked_by = NULL, locked_until = NULL
FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.token') AS token FROM json_each(?)) AS o
WHERE t.id = o.id AND t.lock_token = o.token AND +t.state = 'active' RETURNING id, lock_token`)
const arr = db.prepare(`UPDATE queue_jobs AS t SET state = o.state, result = o.result, finished_at = ?, locked_by = NULL, locked_until = NULL
FROM (SELECT value ->> 0 AS id, value ->> 1 AS token, value ->> 2 AS state, value ->> 3 AS result FROM json_each(?)) AS o
WHERE t.id = o.id AND t.lock_token = o.token AND +t.state = 'active' RETURNING id, lock_token`)
let next = 1
function run(label: string, f: (ids: number[]) => void) {
  const c = process.cpuUsage()
  for (let b = 0; b < 100; b++) { const ids = Array.from({ length: 100 }, () => next++); f(ids) }
  const d = process.cpuUsage(c)
  console.log(label.padEnd(20), 'µs/job', ((d.user + d.system) / 10000).toFixed(1))
}
for (let r = 0; r < 2; r++) {
  run('full', (ids) => full.all(5, JSON.stringify(ids.map((id) => ({ id, token: 'tok', state: 'completed', result: 'null', give_back: 0 })))))
  run('simple', (ids) => simple.all(5, JSON.stringify(ids.map((id) => ({ id, token: 'tok' })))))
  run('arrays', (ids) => arr.all(5, JSON.stringify(ids.map((id) => [id, 'tok', 'completed', 'null']))))
}
