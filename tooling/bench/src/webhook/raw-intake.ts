/**
 * The reference for durable webhook intake: what Fastify and better-sqlite3 allow on this machine
 * when every 202 waits for its row's commit, with nothing of a queue around it. Like the raw loops
 * of the other scenarios, it is the yardstick of what the database allows, not a competitor.
 *
 * Plain Fastify 5 (body read as bytes), better-sqlite3 in WAL with synchronous=FULL, one table of
 * eight columns with one partial index. The requests of one event-loop turn are inserted in one
 * transaction (one prepared INSERT per row), and each is answered 202 with its id after the commit.
 * The stored row carries what `queue server` stores: the hook name, method, path, headers, the
 * body in base64 and the time. `node raw-intake.js <db file>` prints `listening on <url>` once ready.
 */
import Database from 'better-sqlite3'
import Fastify from 'fastify'

const file = process.argv[2]
if (!file) throw new Error('usage: raw-intake.js <db file>')
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.exec(`CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL, name TEXT NOT NULL, payload TEXT NOT NULL,
  state TEXT NOT NULL, priority INTEGER NOT NULL, run_at INTEGER NOT NULL, created_at INTEGER NOT NULL)`)
db.exec(`CREATE INDEX IF NOT EXISTS jobs_claim ON jobs (queue, priority DESC, run_at, id) WHERE state = 'ready'`)
const insert = db.prepare(`INSERT INTO jobs (queue, name, payload, state, priority, run_at, created_at) VALUES ('hooks', ?, ?, 'ready', 0, ?, ?)`)

interface Waiting {
  name: string
  payload: string
  resolve(id: number): void
  reject(error: unknown): void
}

const writeAll = db.transaction((batch: Waiting[]) => {
  const now = Date.now()
  return batch.map((w) => Number(insert.run(w.name, w.payload, now, now).lastInsertRowid))
})

let pending: Waiting[] = []
function flush(): void {
  const batch = pending
  pending = []
  try {
    const ids = writeAll(batch)
    batch.forEach((w, i) => w.resolve(ids[i] as number))
  } catch (error) {
    for (const w of batch) w.reject(error)
  }
}

const app = Fastify({ logger: false })
app.removeAllContentTypeParsers()
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body))
app.post<{ Params: { name: string }; Body: Buffer }>('/hooks/:name', async (request, reply) => {
  const { name } = request.params
  const payload = JSON.stringify({
    hook: name,
    method: request.method,
    path: request.url,
    headers: request.headers,
    body: request.body.toString('base64'),
    receivedAt: new Date().toISOString(),
  })
  const id = await new Promise<number>((resolve, reject) => {
    if (pending.push({ name: `hook.${name}`, payload, resolve, reject }) === 1) setImmediate(flush)
  })
  return reply.code(202).send({ id: String(id) })
})
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`listening on ${address}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
