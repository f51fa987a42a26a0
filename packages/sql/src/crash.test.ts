import { spawn, type ChildProcess } from 'node:child_process'
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Queue, Worker, silentLogger, type JobStore } from '@queue/core'
import { describe, expect, it } from 'vitest'
import { CRASH_JOB_MS, CRASH_JOBS, CRASH_LEASE_MS } from '../test/crash-settings.js'
import { PG_URL, reachable, suffix } from '../test/support.js'
import { postgresStore } from './postgres/index.js'
import { sqliteStore } from './sqlite/index.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

interface Ledger {
  starts: Map<string, number>
  done: Set<string>
  lines: string[]
  /** Jobs the child added itself (`add` mode), with the state `queue.add` returned. */
  added: Map<string, string>
}

function readLedger(file: string): Ledger {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  const starts = new Map<string, number>()
  const done = new Set<string>()
  const added = new Map<string, string>()
  for (const line of lines) {
    const [kind, id, state] = line.split(' ')
    if (kind === 'added' && id !== undefined && state !== undefined) added.set(id, state)
    if (kind === 'start' && id !== undefined) starts.set(id, (starts.get(id) ?? 0) + 1)
    if (kind === 'done' && id !== undefined) done.add(id)
  }
  return { starts, done, lines, added }
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

function startChild(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--conditions=source', '--import', 'jiti/register', 'test/crash-worker.ts', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
}

/**
 * Enqueues CRASH_JOBS jobs, lets a worker in a child process run them, kills it with SIGKILL while
 * handlers run, then finishes with a fresh worker in this process. Nothing may be lost, and the
 * jobs that were in flight at the kill must run again once their lease expired.
 */
async function crashAndRecover(store: JobStore, childArgs: (ledger: string) => string[], quiesced?: () => Promise<void>, handoff = false): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'queue-crash-'))
  const ledger = join(dir, 'ledger.txt')
  writeFileSync(ledger, '')
  try {
    const queue = new Queue({ store })
    // Without `handoff` the jobs are there before the child starts; with it the child adds them one at a time.
    const jobs = handoff ? [] : await queue.addMany(Array.from({ length: CRASH_JOBS }, (_, i) => ({ name: 'crash', payload: { i } })))
    const child = startChild([...childArgs(ledger), ...(handoff ? ['add'] : [])])
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
    // Kill once a few jobs are done and others are running (started, not done); with `handoff`, one
    // of those running a job the child handed itself.
    await until(() => {
      const { starts, done, added } = readLedger(ledger)
      const running = [...starts.keys()].filter((id) => !done.has(id))
      return done.size >= (handoff ? 3 : 8) && running.length > 0 && (!handoff || running.some((id) => added.get(id) === 'active'))
    }, 'the child worker to be mid-run', 60_000)
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    // A statement the child sent just before it died still runs to its commit on the server.
    await quiesced?.()

    // In flight = leased at the kill (the database says so); the ledger's unfinished handlers are among them.
    const afterKill = readLedger(ledger)
    const leased = (await store.list({ state: 'active', limit: 100 })).jobs
    const inFlight = leased.map((job) => job.id)
    const expiry = new Map(leased.map((job) => [job.id, job.lockedUntil?.getTime() ?? 0]))
    const running = [...afterKill.starts.keys()].filter((id) => !afterKill.done.has(id))
    expect(running.length).toBeGreaterThan(0)
    for (const id of running) expect(inFlight).toContain(id)

    const worker = new Worker({
      store,
      concurrency: 4,
      leaseMs: CRASH_LEASE_MS,
      pollMs: { min: 5, max: 50 },
      logger: silentLogger,
      handlers: {
        crash: async (_payload: unknown, ctx) => {
          appendFileSync(ledger, `start ${ctx.job.id} ${ctx.attempt} parent\n`)
          await new Promise((resolve) => setTimeout(resolve, CRASH_JOB_MS / 10))
          appendFileSync(ledger, `done ${ctx.job.id} ${ctx.attempt} parent\n`)
          return 'ok'
        },
      },
    })
    // Every job the store holds: with `handoff`, what the child added before it died.
    const total = Object.values(await store.counts({})).reduce((a, b) => a + b, 0)
    if (handoff) expect(total).toBeGreaterThanOrEqual(afterKill.added.size)
    else expect(total).toBe(CRASH_JOBS)
    worker.start()
    try {
      await until(async () => (await store.counts({})).completed === total, 'every job to complete', 30_000)
    } finally {
      await worker.stop()
    }

    const final = readLedger(ledger)
    const counts = await store.counts({})
    expect(counts).toMatchObject({ completed: total, active: 0, ready: 0, failed: 0 })
    for (const id of [...jobs.map((job) => job.id), ...afterKill.added.keys()]) expect(final.done.has(id), `job ${id} finished`).toBe(true)
    for (const id of inFlight) {
      const job = await store.get({ id })
      expect(job?.state).toBe('completed')
      expect(job?.attempts, `job ${id} was claimed again after the kill`).toBe(2)
      // Reclaimed only once its lease had expired, then run again by the new worker.
      expect(job?.startedAt?.getTime()).toBeGreaterThanOrEqual(expiry.get(id) ?? Infinity)
      expect(final.lines.some((line) => line.startsWith(`start ${id} 2 parent`))).toBe(true)
    }
    // Every job the child had settled ran exactly once.
    for (const [id, starts] of final.starts) if (!inFlight.includes(id)) expect(starts, `job ${id}`).toBe(1)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Waits until no statement on `schema` runs on the server: a settle the killed child had sent
 * commits after the kill, and read before that, its jobs looked in flight and then ran only once.
 */
async function noActiveStatements(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  try {
    await until(
      async () => {
        const { rows } = await admin.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND position($1 in query) > 0",
          [schema],
        )
        return rows[0]?.n === 0
      },
      'the killed worker’s last statements to finish',
      10_000,
    )
  } finally {
    await admin.end()
  }
}

describe('a worker killed with SIGKILL mid-run', () => {
  // `handoff`: the killed process also added the jobs itself, one at a time, and ran some of them
  // straight from their insert (core's handoff); those must come back like claimed ones.
  for (const handoff of [false, true]) {
    const what = handoff ? ', among them jobs it had added itself and taken from the insert' : ''
    it(`loses nothing on sqlite and re-runs the jobs in flight after their lease expires${what}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'queue-crash-db-'))
      const filename = join(dir, 'jobs.db')
      const store = sqliteStore({ filename })
      try {
        await crashAndRecover(store, (ledger) => ['sqlite', filename, '-', ledger], undefined, handoff)
      } finally {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      }
    }, 120_000)

    it(`loses nothing on postgres and re-runs the jobs in flight after their lease expires${what}`, async (ctx) => {
      if (!(await reachable('127.0.0.1', 5432))) {
        if (process.env.CI === 'true') throw new Error('PostgreSQL is not reachable (CI=true)')
        console.warn('\n!!! PostgreSQL is not reachable: SKIPPING the postgres crash test !!!\n')
        return ctx.skip()
      }
      const schema = `queue_crash_${suffix()}`
      const store = postgresStore({ connectionString: PG_URL, schema })
      await store.migrate()
      try {
        await crashAndRecover(store, (ledger) => ['postgres', PG_URL, schema, ledger], () => noActiveStatements(schema), handoff)
      } finally {
        await store.close()
        const admin = new pg.Client({ connectionString: PG_URL })
        await admin.connect()
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
        await admin.end()
      }
    }, 120_000)
  }
})
