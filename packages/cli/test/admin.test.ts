import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { PermanentError, Queue, silentLogger, Worker } from '@queue/core'
import { sqliteStore } from '@queue/sql/sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Io } from '../src/commands/command.js'
import { main } from '../src/main.js'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'queue-cli-admin-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c: Buffer) => (out += c.toString()))
  stderr.on('data', (c: Buffer) => (err += c.toString()))
  const io: Io = { stdout, stderr, env: {}, cwd: dir, shutdown: new Promise(() => {}) }
  const code = await main(argv, io)
  return { code, out, err }
}

/** A database with jobs in several states: 2 completed and 1 failed in `mail`, 1 ready in `reports`. */
async function seeded(name: string): Promise<{ db: string; ids: Record<string, string> }> {
  const file = join(dir, name)
  const store = sqliteStore({ filename: file })
  const queue = new Queue({ store })
  const ok1 = await queue.add('ok', {}, { queue: 'mail' })
  const ok2 = await queue.add('ok', {}, { queue: 'mail' })
  const bad = await queue.add('bad', {}, { queue: 'mail' })
  const worker = new Worker({
    store,
    queues: ['mail'],
    logger: silentLogger,
    handlers: {
      ok: async () => 'sent',
      bad: async () => {
        throw new PermanentError('mailbox gone')
      },
    },
  })
  await worker.drain()
  const ready = await queue.add('report', {}, { queue: 'reports' })
  await store.close()
  return { db: `sqlite:${file}`, ids: { ok1: ok1.id, ok2: ok2.id, bad: bad.id, ready: ready.id } }
}

describe('admin commands on a SQLite file', () => {
  it('migrate creates the schema', async () => {
    const result = await run(['migrate', '--db', 'sqlite:./fresh.db'])
    expect(result).toMatchObject({ code: 0, err: '' })
    expect(result.out).toBe(`migrated sqlite:${join(dir, 'fresh.db')}\n`)
  })

  it('stats prints counts per state and queue as a table and as JSON', async () => {
    const { db } = await seeded('stats.db')
    const json = await run(['stats', '--json', '--db', db])
    expect(json.code).toBe(0)
    const stats = JSON.parse(json.out)
    expect(stats.queues.mail).toMatchObject({ completed: 2, failed: 1, ready: 0 })
    expect(stats.queues.reports).toMatchObject({ ready: 1 })
    expect(stats.total).toMatchObject({ completed: 2, failed: 1, ready: 1 })
    const table = await run(['stats', '--db', db])
    const lines = table.out.trim().split('\n')
    expect(lines[0]).toMatch(/^queue\s+scheduled\s+ready\s+active\s+waiting\s+retry\s+completed\s+failed\s+cancelled$/)
    expect(lines.find((l) => l.startsWith('mail'))).toMatch(/^mail\s+0\s+0\s+0\s+0\s+0\s+2\s+1\s+0$/)
    expect(lines.at(-1)).toMatch(/^total\s+0\s+1\s+0\s+0\s+0\s+2\s+1\s+0$/)
  })

  it('retry revives one failed job or all of them, and explains what it cannot retry', async () => {
    const { db, ids } = await seeded('retry.db')
    expect((await run(['retry', ids.ok1!, '--db', db])).err).toMatch(/job .* is completed; only failed or cancelled jobs can be retried/)
    expect((await run(['retry', 'no-such-id', '--db', db])).err).toBe('queue retry: no job with id no-such-id\n')
    expect(await run(['retry', ids.bad!, '--db', db])).toMatchObject({ code: 0, out: `job ${ids.bad} is ready again\n` })
    const again = await seeded('retry-all.db')
    expect((await run(['retry', '--all-failed', '--db', again.db])).out).toBe('retried 1 failed job\n')
    expect(JSON.parse((await run(['stats', '--json', '--db', again.db])).out).total).toMatchObject({ failed: 0, ready: 2 })
  })

  it('cancel stops an unfinished job and refuses a finished or unknown one', async () => {
    const { db, ids } = await seeded('cancel.db')
    expect(await run(['cancel', ids.ready!, '--db', db])).toMatchObject({ code: 0, out: `job ${ids.ready} cancelled\n` })
    expect(await run(['cancel', ids.ready!, '--db', db])).toMatchObject({ code: 1, err: `queue cancel: job ${ids.ready} is already cancelled\n` })
    expect((await run(['cancel', 'nope', '--db', db])).code).toBe(1)
  })

  it('prune deletes finished jobs older than the duration, only the states asked for', async () => {
    const { db } = await seeded('prune.db')
    expect((await run(['prune', '--older-than', '1h', '--db', db])).out).toMatch(/^pruned 0 jobs finished before/)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect((await run(['prune', '--older-than', '10ms', '--state', 'completed', '--db', db])).out).toMatch(/^pruned 2 jobs/)
    const total = JSON.parse((await run(['stats', '--json', '--db', db])).out).total
    expect(total).toMatchObject({ completed: 0, failed: 1, ready: 1 })
  })
})
