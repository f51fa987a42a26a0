import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Queue } from '@queue/core'
import { sqliteStore } from '@queue/sql/sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { echoServer, queueCommand, runQueue, until } from './harness.js'

let dir: string
let echo: Awaited<ReturnType<typeof echoServer>>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'queue-cli-process-'))
  echo = await echoServer()
})
afterAll(async () => {
  await echo.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Enqueues http jobs straight into the SQLite file, as an application would. */
async function enqueue(file: string, urls: string[], options: { priority?: number; queue?: string } = {}): Promise<string[]> {
  const store = sqliteStore({ filename: file })
  try {
    const queue = new Queue({ store })
    const jobs = await queue.addMany(urls.map((url) => ({ name: 'http', payload: { command: { type: 'http', url, method: 'GET' } }, options })))
    return jobs.map((job) => job.id)
  } finally {
    await store.close()
  }
}

async function states(file: string, ids: string[]): Promise<string[]> {
  const store = sqliteStore({ filename: file })
  try {
    return await Promise.all(ids.map(async (id) => (await store.get({ id }))?.state ?? 'missing'))
  } finally {
    await store.close()
  }
}

describe('queue process (cron mode)', () => {
  it('runs every ready job, then exits 0', async () => {
    const file = join(dir, 'drain.db')
    const ids = await enqueue(file, Array.from({ length: 10 }, (_, i) => `${echo.url}/drain?n=${i}`))
    const run = await queueCommand(['process', '--db', `sqlite:${file}`, '--lock-dir', dir])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/processed 10 jobs \(10 completed, 0 failed\)/)
    expect(await states(file, ids)).toEqual(ids.map(() => 'completed'))
    expect(echo.received.filter((r) => r.url.startsWith('/drain')).length).toBe(10)
  })

  it('exits 0 at once when nothing is ready', async () => {
    const run = await queueCommand(['process', '--db', `sqlite:${join(dir, 'empty.db')}`, '--lock-dir', dir])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/processed 0 jobs/)
  })

  it('refuses a second concurrent run on the same database', async () => {
    const file = join(dir, 'twice.db')
    const ids = await enqueue(file, Array.from({ length: 2 }, (_, i) => `${echo.url}/slow?ms=1500&twice=${i}`))
    const first = runQueue(['process', '--db', `sqlite:${file}`, '--lock-dir', dir, '--concurrency', '2'])
    await until(() => echo.arrived.some((url) => url.includes('twice=')) || first.child.exitCode !== null, 'the first run to start working')
    const second = await queueCommand(['process', '--db', `sqlite:${file}`, '--lock-dir', dir])
    expect(second.code, second.stderr + second.stdout).toBe(1)
    expect(second.stderr).toMatch(/^queue process: already running for sqlite:.*twice\.db \(pid \d+, lock .*\)\n$/)
    expect(await first.exited).toBe(0)
    expect(await states(file, ids)).toEqual(ids.map(() => 'completed'))
    const third = await queueCommand(['process', '--db', `sqlite:${file}`, '--lock-dir', dir])
    expect(third.code).toBe(0)
  }, 30_000)
})

describe('queue process interrupted', () => {
  it('gives running jobs back on SIGTERM after the grace period, exits 143, and a later run finishes them', async () => {
    const file = join(dir, 'interrupted.db')
    const ids = await enqueue(file, [`${echo.url}/slow?ms=3000&stop=1`, `${echo.url}/slow?ms=3000&stop=2`])
    const first = runQueue(['process', '--db', `sqlite:${file}`, '--lock-dir', dir, '--grace', '100ms'])
    await until(() => echo.arrived.filter((url) => url.includes('stop=')).length === 2, 'both jobs to be running')
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(143)
    expect(first.stdout()).toMatch(/stopped by SIGTERM/)
    expect(await states(file, ids)).toEqual(['ready', 'ready'])
    const second = await queueCommand(['process', '--db', `sqlite:${file}`, '--lock-dir', dir])
    expect(second.code).toBe(0)
    expect(await states(file, ids)).toEqual(['completed', 'completed'])
  }, 30_000)
})

describe('queue worker (long-running, supervisor-managed)', () => {
  it('runs jobs as they arrive and exits 0 on SIGTERM', async () => {
    const file = join(dir, 'worker.db')
    await enqueue(file, [])
    const worker = runQueue(['worker', '--db', `sqlite:${file}`, '--concurrency', '3'])
    await until(() => worker.stderr().includes('queue worker running'), 'the worker to start')
    const ids = await enqueue(file, [`${echo.url}/w?n=1`, `${echo.url}/w?n=2`])
    await until(async () => (await states(file, ids)).every((state) => state === 'completed'), 'the jobs to complete')
    worker.child.kill('SIGTERM')
    expect(await worker.exited).toBe(0)
  })

  it('takes only its priority range and queues (seed 002 consume -p)', async () => {
    const file = join(dir, 'ranges.db')
    const urgent = await enqueue(file, [`${echo.url}/urgent`], { priority: 900 })
    const low = await enqueue(file, [`${echo.url}/low`], { priority: 10 })
    const otherQueue = await enqueue(file, [`${echo.url}/other`], { priority: 900, queue: 'other' })
    const run = await queueCommand(['process', '--db', `sqlite:${file}`, '--lock-dir', dir, '--priority', '500-', '--queues', 'default'])
    expect(run.code).toBe(0)
    expect(await states(file, [...urgent, ...low, ...otherQueue])).toEqual(['completed', 'ready', 'ready'])
    const rest = await queueCommand(['process', '--db', `sqlite:${file}`, '--lock-dir', dir, '-p-20'])
    expect(rest.code).toBe(0)
    expect(await states(file, [...low, ...otherQueue])).toEqual(['completed', 'ready'])
  })
})
