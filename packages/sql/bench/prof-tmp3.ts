import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { migrateSync } from '../src/sqlite/index.js'
import { names } from '../src/store/names.js'
for (const drop of [[], ['claim_queue'], ['state'], ['lease', 'finished'], ['claim_queue', 'state', 'lease', 'finished', 'group_head', 'group_active', 'unique_key']]) {
  const file = '/tmp/queue-prof3.db'
  rmSync(file, { force: true }); rmSync(file + '-wal', { force: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL')
  migrateSync(db, names('sqlite', {}))
  for (const d of drop) db.exec(`DROP INDEX queue_jobs_${d}`)
  const ins = db.prepare(`INSERT INTO queue_jobs (queue, name, payload, state, priority, max_attempts, backoff, run_at, created_at) VALUES ('default','n','{}','ready',500,3,'{"type":"fixed","delayMs":1}',0,0)`)
  db.transaction(() => { for (let i = 0; i < 10000; i++) ins.run() })()
  const claim = db.prepare(`UPDATE queue_jobs SET state = 'active', attempts = attempts + 1, locked_by = 'w', locked_until = 5, lock_token = 'tok', started_at = 1 WHERE id IN (SELECT j.id FROM queue_jobs AS j INDEXED BY queue_jobs_claim WHERE j.state IN ('scheduled','ready','waiting','retry') AND j.run_at <= 10 AND (j.group_key IS NULL OR NOT EXISTS (SELECT 1 FROM queue_jobs g WHERE g.group_key = j.group_key AND g.state IN ('scheduled','ready','active','waiting','retry') AND g.id <> j.id AND (g.id < j.id OR g.state = 'active'))) ORDER BY j.priority DESC, j.run_at, j.id LIMIT 100) RETURNING *`)
  const plain = db.prepare(`UPDATE queue_jobs SET state = 'active', attempts = attempts + 1, locked_by = 'w', locked_until = 5, lock_token = 'tok', started_at = 1 WHERE id IN (SELECT j.id FROM queue_jobs AS j INDEXED BY queue_jobs_claim WHERE j.state IN ('scheduled','ready','waiting','retry') AND j.run_at <= 10 ORDER BY j.priority DESC, j.run_at, j.id LIMIT 100) RETURNING id`)
  let t = performance.now()
  for (let i = 0; i < 50; i++) claim.all()
  const a = performance.now() - t
  t = performance.now()
  for (let i = 0; i < 50; i++) plain.all()
  const b = performance.now() - t
  console.log('drop', drop.join(',') || '-', 'full claim ms/batch', (a / 50).toFixed(2), 'no-group, RETURNING id', (b / 50).toFixed(2))
  db.close()
}
