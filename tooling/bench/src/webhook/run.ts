/**
 * Webhook intake: autocannon on loopback against `POST /hooks/:name` of `queue server` (SQLite, its
 * default store), against a plain Fastify route (the ceiling) and against the least a durable intake
 * can do (`raw-intake.ts`: Fastify and better-sqlite3, group commit, nothing else), alternating per
 * repetition. After each run of a storing server its database is opened and every 202 must be a
 * stored row (durable intake).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon from 'autocannon'
import type { Cell } from '../harness/runner.js'
import { summarize, type Summary } from '../harness/stats.js'
import { tempDbFile } from '../harness/tmp.js'
import type { BenchConfig } from '../scenarios/scenario.js'
import Database from 'better-sqlite3'
import { openQueueStoreAt } from '../systems/queue.js'

const here = dirname(fileURLToPath(import.meta.url))
const BODY = JSON.stringify({ event: 'push', repository: { id: 1, name: 'bench' }, commits: [{ id: 'abc', message: 'x'.repeat(200) }] })

export const WEBHOOK_SYSTEMS = [
  { name: 'fastify-plain', settings: 'plain Fastify 5 route answering 202, storing nothing (the ceiling)' },
  { name: '@queue-server', settings: '`queue server --db sqlite:<tmp> --hook bench`, POST /hooks/bench (202 after the job is stored)' },
  {
    name: 'raw-sqlite-intake',
    settings: 'plain Fastify 5 + better-sqlite3 (WAL, synchronous=FULL): the requests of one loop turn inserted in one transaction, 202 after the commit (the reference: what durable intake allows here)',
  },
]

/** autocannon's connections when `--connections` names none: the count of every earlier session's runs. */
export const WEBHOOK_CONNECTIONS = 50

function cliBin(): string | null {
  try {
    const require = createRequire(join(here, '..', '..', 'package.json'))
    const bin = join(dirname(require.resolve('@queue/cli/package.json')), 'dist', 'bin.js')
    return existsSync(bin) ? bin : null
  } catch {
    const bin = join(here, '..', '..', '..', '..', 'packages', 'cli', 'dist', 'bin.js')
    return existsSync(bin) ? bin : null
  }
}

export function webhookUnavailable(): string | null {
  return cliBin() ? null : '@queue/cli is not built (packages/cli/dist/bin.js)'
}

async function startProcess(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  // stderr is kept, not printed: the server logs a warning per failed job (see docs/benchmarks.md).
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let errTail = ''
  child.stderr!.on('data', (chunk: Buffer) => (errTail = (errTail + chunk.toString()).slice(-2000)))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`no "listening on" from ${args.join(' ')}: ${out}`)), 20_000)
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /listening on (http:\/\/[^\s,)]+)/.exec(out)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${out} ${errTail}`)))
  })
  child.stdout!.resume()
  return { child, url }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function load(url: string, seconds: number, connections: number): Promise<{ rps: number; p50: number; p99: number; accepted: number; errors: number }> {
  const result = await autocannon({
    url: `${url}/hooks/bench`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: BODY,
    connections,
    pipelining: 1,
    duration: seconds,
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    accepted: result['2xx'],
    errors: result.errors + result.timeouts + result.non2xx,
  }
}

type Run = { rps: number; p50: number; p99: number; accepted: number; errors: number; stored?: number }

function rawIntakeRows(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n
  } finally {
    db.close()
  }
}

async function queueServerJobs(file: string): Promise<number> {
  const opened = await openQueueStoreAt({ backend: 'sqlite', file })
  try {
    return Object.values(await opened.store.counts({})).reduce((a, b) => a + b, 0)
  } finally {
    await opened.store.close()
  }
}

async function runOnce(system: string, config: BenchConfig, connections: number): Promise<Run> {
  if (system === 'fastify-plain') {
    const { child, url } = await startProcess([join(here, 'plain-route.js')])
    try {
      return await load(url, config.webhookSeconds, connections)
    } finally {
      await stopProcess(child)
    }
  }
  const { file, remove } = tempDbFile('webhook')
  const raw = system === 'raw-sqlite-intake'
  const args = raw ? [join(here, 'raw-intake.js'), file] : [cliBin()!, 'server', '--db', `sqlite:${file}`, '--port', '0', '--hook', 'bench']
  const { child, url } = await startProcess(args)
  try {
    const run: Run = await load(url, config.webhookSeconds, connections)
    await stopProcess(child)
    run.stored = raw ? rawIntakeRows(file) : await queueServerJobs(file)
    return run
  } finally {
    await stopProcess(child)
    remove()
  }
}

/** Runs every webhook system `config.repetitions` times at `connections` (autocannon), alternating the order. */
export async function runWebhook(config: BenchConfig, log: (line: string) => void, connections = WEBHOOK_CONNECTIONS): Promise<Cell[]> {
  const values = new Map(WEBHOOK_SYSTEMS.map((s) => [s.name, { runs: [] as Run[], errors: [] as string[] }]))
  for (let rep = 0; rep < config.repetitions; rep++) {
    const order = rep % 2 === 0 ? WEBHOOK_SYSTEMS : [...WEBHOOK_SYSTEMS].reverse()
    for (const { name } of order) {
      const entry = values.get(name)!
      try {
        const run = await runOnce(name, config, connections)
        entry.runs.push(run)
        log(`  webhook #${rep + 1} ${name}: req/s=${run.rps.toFixed(0)} p99=${run.p99} ms accepted=${run.accepted} errors=${run.errors}${run.stored !== undefined ? ` stored=${run.stored}` : ''}`)
        if (run.stored !== undefined && run.stored < run.accepted) entry.errors.push(`${run.accepted - run.stored} accepted webhooks not stored`)
      } catch (error) {
        entry.errors.push((error as Error).message.split('\n')[0] ?? String(error))
        log(`  webhook #${rep + 1} ${name}: ERROR ${(error as Error).message}`)
      }
    }
  }
  return WEBHOOK_SYSTEMS.map(({ name }) => {
    const { runs, errors } = values.get(name)!
    const metrics: Record<string, Summary> = runs.length
      ? {
          'req/s': summarize(runs.map((r) => r.rps)),
          'p99 ms': summarize(runs.map((r) => r.p99)),
          '202 not stored': summarize(runs.map((r) => (r.stored === undefined ? 0 : Math.max(0, r.accepted - r.stored)))),
        }
      : {}
    return { scenario: 'webhook', system: name, metrics, errors }
  })
}
