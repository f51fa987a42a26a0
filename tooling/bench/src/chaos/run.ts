/**
 * The chaos run: N jobs on a @queue store, W worker processes draining them, a random worker
 * SIGKILLed (and replaced) every `killEveryMs`, once the workers' database connections terminated,
 * then the verdict of `verify`.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import mysql from 'mysql2/promise'
import { MYSQL_URL, PG_URL, REDIS_URL, suffix } from '../harness/env.js'
import { dropSchema, pgExec } from '../harness/pg.js'
import { now, sleep } from '../harness/time.js'
import { tempDbFile } from '../harness/tmp.js'
import { loadCore, openQueueStore, type OpenedStore } from '../systems/queue.js'
import { CONFIG_ENV, type ChaosBackend, type ChaosWorkerConfig, type FromWorker } from './protocol.js'
import { verdictLine, verify, type Death, type Execution, type Verdict } from './verify.js'

export interface ChaosOptions {
  backend: ChaosBackend
  jobs: number
  workers: number
  concurrency: number
  killEveryMs: number
  /** Stop killing after this many kills (the short version makes a few). Default: no limit. */
  maxKills?: number
  /**
   * Cut the workers' database connections once, this long after the start (PostgreSQL: terminate
   * their backends; MySQL: KILL them; Redis: CLIENT KILL). Null: never. SQLite has none to cut.
   */
  cutAfterMs: number | null
  leaseMs: number
  handlerMs: [number, number]
  timeoutMs: number
  log?: (line: string) => void
}

export interface ChaosResult {
  verdict: Verdict
  seconds: number
  line: string
  /** Process warnings the workers emitted, as `pid name: message`. */
  warnings: string[]
}

const WORKER_FILE = fileURLToPath(new URL('./worker.js', import.meta.url))

interface Ledger {
  target: string
  read(): Promise<Execution[]>
  drop(): Promise<void>
}

async function createLedger(backend: ChaosOptions['backend']): Promise<Ledger> {
  if (backend !== 'postgres') {
    const { file, remove } = tempDbFile('chaos-ledger')
    writeFileSync(file, '')
    return {
      target: file,
      read: async () =>
        readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [jobId = '', attempt, pid, at] = line.split(' ')
            return { jobId, attempt: Number(attempt), pid: Number(pid), ...(at === undefined ? {} : { at: Number(at) }) }
          }),
      drop: async () => remove(),
    }
  }
  const schema = `bench_chaos_${suffix()}`
  await pgExec(`create schema "${schema}"`)
  await pgExec(`create table "${schema}".ledger (job_id text not null, attempt int not null, pid int not null, at timestamptz not null default clock_timestamp())`)
  return {
    target: `"${schema}".ledger`,
    read: async () => {
      const { rows } = await pgExec(`select job_id, attempt, pid, extract(epoch from at) * 1000 as at from "${schema}".ledger`)
      return rows.map((r) => ({ jobId: String(r.job_id), attempt: Number(r.attempt), pid: Number(r.pid), at: Number(r.at) }))
    },
    drop: () => dropSchema(schema),
  }
}

/** The workers' connection URL, tagged so that the cut finds their connections (PostgreSQL, Redis). */
function taggedUrl(backend: ChaosBackend, name: string): string | undefined {
  const tag = (url: string, key: string): string => `${url}${url.includes('?') ? '&' : '?'}${key}=${name}`
  if (backend === 'postgres') return tag(PG_URL, 'application_name')
  // ioredis takes URL query items as options; `duplicate()` (the subscriber) keeps the name.
  if (backend === 'redis') return tag(REDIS_URL, 'connectionName')
  return undefined
}

/**
 * Cuts the workers' connections at once, as a database restart or a network cut would, and
 * returns how many. MySQL: every connection to the store's database but this one (the parent's
 * own pool among them), since the workers' carry no name.
 */
async function cutConnections(backend: ChaosBackend, name: string, database: string | undefined): Promise<number> {
  if (backend === 'postgres') {
    const { rows } = await pgExec('select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1', [name])
    return Number(rows[0].n)
  }
  if (backend === 'mysql') {
    const connection = await mysql.createConnection({ uri: MYSQL_URL })
    try {
      const [rows] = await connection.query('SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()', [database])
      const ids = (rows as { id: number }[]).map((row) => Number(row.id))
      for (const id of ids) await connection.query(`KILL ${id}`).catch(() => undefined)
      return ids.length
    } finally {
      await connection.end()
    }
  }
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })
  try {
    const list = (await redis.client('LIST')) as string
    const ids = list
      .split('\n')
      .filter((line) => line.includes(` name=${name} `))
      .map((line) => /(?:^|\s)id=(\d+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined)
    for (const id of ids) await redis.client('KILL', 'ID', id).catch(() => undefined)
    return ids.length
  } finally {
    redis.disconnect()
  }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? ((line: string) => console.error(line))
  const started = now()
  const core = await loadCore()
  const opened: OpenedStore = await openQueueStore(options.backend)
  const ledger = await createLedger(options.backend)
  const appName = `bench_chaos_worker_${suffix()}`
  const children = new Map<number, ChildProcess>()
  const deaths: Death[] = []
  const cuts: number[] = []
  const intentional = new Set<number>()
  const warnings: string[] = []
  /** Workers that reported `ready`: only those are killed, so every kill hits a running worker. */
  const ready = new Set<number>()
  let ending = false
  let killer: NodeJS.Timeout | undefined
  let cutTimer: NodeJS.Timeout | undefined
  try {
    await opened.store.migrate()
    const queue = new core.Queue({ store: opened.store })
    const ids: string[] = []
    for (let k = 0; k < options.jobs; k += 1000) {
      const batch = Array.from({ length: Math.min(1000, options.jobs - k) }, (_, j) => ({ name: 'chaos', payload: { i: k + j }, options: { maxAttempts: 1000 } }))
      const added = (await queue.addMany(batch)) as { id: string }[]
      ids.push(...added.map((job) => job.id))
    }
    log(`chaos ${options.backend}: ${ids.length} jobs enqueued, starting ${options.workers} workers`)

    const workerConfig: ChaosWorkerConfig = {
      backend: options.backend,
      schema: opened.location.schema,
      file: opened.location.file,
      database: opened.location.database,
      prefix: opened.location.prefix,
      connectionString: taggedUrl(options.backend, appName),
      ledger: ledger.target,
      concurrency: options.concurrency,
      leaseMs: options.leaseMs,
      handlerMs: options.handlerMs,
    }
    const spawn = (): void => {
      const child = fork(WORKER_FILE, [], {
        env: { ...process.env, [CONFIG_ENV]: JSON.stringify(workerConfig) },
        // Not the parent's flags: under vitest they carry `--conditions source`, which would load TypeScript.
        execArgv: [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      })
      const pid = child.pid!
      children.set(pid, child)
      child.on('message', (m: FromWorker) => {
        if (m.type === 'ready') ready.add(pid)
        if (m.type === 'error') log(`  worker ${pid} failed to start: ${m.message}`)
        if (m.type === 'warning') warnings.push(`${pid} ${m.name}: ${m.message}`)
      })
      child.on('exit', (code, signal) => {
        children.delete(pid)
        ready.delete(pid)
        if (intentional.has(pid) || ending) return
        deaths.push({ pid, at: Date.now(), cause: 'crash' })
        log(`  worker ${pid} died on its own (code ${code}, signal ${signal}); restarting`)
        spawn()
      })
    }
    for (let w = 0; w < options.workers; w++) spawn()
    // Kills and the cut start once the first workers run, not while they are still loading.
    const bootDeadline = now() + 30_000
    while (ready.size === 0 && now() < bootDeadline) await sleep(50)

    killer = setInterval(() => {
      if (options.maxKills !== undefined && deaths.filter((d) => d.cause === 'kill').length >= options.maxKills) return
      const alive = [...children.values()].filter((c) => c.pid !== undefined && ready.has(c.pid))
      const victim = alive[Math.floor(Math.random() * alive.length)]
      if (!victim?.pid) return
      intentional.add(victim.pid)
      deaths.push({ pid: victim.pid, at: Date.now(), cause: 'kill' })
      victim.kill('SIGKILL')
      spawn()
    }, options.killEveryMs)
    if (options.backend !== 'sqlite' && options.cutAfterMs !== null) {
      cutTimer = setTimeout(() => {
        void cutConnections(options.backend, appName, opened.location.database).then(
          (n) => {
            cuts.push(Date.now())
            log(`  cut: terminated ${n} worker connections`)
          },
          (error: unknown) => log(`  cut failed: ${(error as Error).message}`),
        )
      }, options.cutAfterMs)
    }

    const deadline = now() + options.timeoutMs
    let counts: Record<string, number> = {}
    for (;;) {
      // MySQL's cut also takes this process's connections to the database: the next poll reconnects.
      counts = await opened.store.counts({}).catch(() => counts)
      if ((counts.completed ?? 0) >= options.jobs || now() > deadline) break
      await sleep(250)
    }
    clearInterval(killer)
    clearTimeout(cutTimer)
    ending = true
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000)
            child.once('exit', () => {
              clearTimeout(force)
              resolve()
            })
            child.send({ type: 'stop' }, (error) => error && child.kill('SIGKILL'))
          }),
      ),
    )
    counts = await opened.store.counts({})
    const verdict = verify({ jobs: options.jobs, ids, stateCounts: counts, executions: await ledger.read(), deaths, cuts, leaseMs: options.leaseMs })
    const seconds = (now() - started) / 1000
    const warned = warnings.length === 0 ? '' : `; ${warnings.length} process warning(s), first: ${warnings[0]}`
    return { verdict, seconds, line: verdictLine(options.backend, verdict, seconds) + warned, warnings }
  } finally {
    ending = true
    clearInterval(killer)
    clearTimeout(cutTimer)
    for (const child of children.values()) child.kill('SIGKILL')
    await opened.store.close().catch(() => undefined)
    await opened.drop().catch(() => undefined)
    await ledger.drop().catch(() => undefined)
  }
}
