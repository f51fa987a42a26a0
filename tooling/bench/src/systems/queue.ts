/**
 * @queue itself, on each of its stores, through the public API a user has: `new Queue({ store })`,
 * `queue.add` / `addMany`, `new Worker({ store, handlers, concurrency })`. The packages are imported
 * at run time, so this harness builds and benchmarks the peers while @queue is still being written.
 */
import { Redis } from 'ioredis'
import { mysqlUrlFor, PG_URL, REDIS_URL, suffix } from '../harness/env.js'
import { dropSchema, pgReachable } from '../harness/pg.js'
import { mysqlExec, mysqlReachable } from '../harness/mysql.js'
import { redisReachable } from '../harness/redis.js'
import { tempDbFile } from '../harness/tmp.js'
import { seedFinishedJobs } from './queue-seed.js'
import { type UnfinishedCounter, unfinishedCounter } from './queue-unfinished.js'
import type { Backend, BenchJob, System, SystemSpec } from './system.js'

/** The parts of the storage port this harness touches (kept loose: the packages may still move). */
export interface StoreLike {
  migrate(): Promise<void>
  close(): Promise<void>
  counts(params: Record<string, unknown>): Promise<Record<string, number>>
}
interface QueueLike {
  add(name: string, payload: unknown, options?: unknown): Promise<unknown>
  addMany(items: { name: string; payload: unknown; options?: unknown }[]): Promise<unknown>
}
interface WorkerLike {
  start(): Promise<void> | void
  stop(): Promise<void>
  on?(event: string, listener: (...args: unknown[]) => void): unknown
}
interface CoreModule {
  Queue: new (options: { store: StoreLike }) => QueueLike
  Worker: new (options: Record<string, unknown>) => WorkerLike
}

/** Where a @queue store keeps its jobs, for the finished-jobs seed and the chaos checks. */
export interface OpenedStore {
  store: StoreLike
  /** PostgreSQL schema, SQLite file, MySQL database or Redis key prefix the store writes to. */
  location: { backend: Backend; schema?: string; file?: string; database?: string; prefix?: string }
  drop(): Promise<void>
}

const load = (specifier: string): Promise<Record<string, unknown>> => import(specifier) as Promise<Record<string, unknown>>

export async function loadCore(): Promise<CoreModule> {
  const core = await load('@queue/core')
  if (typeof core.Queue !== 'function' || typeof core.Worker !== 'function') throw new Error('@queue/core has no Queue/Worker yet')
  return core as unknown as CoreModule
}

/** Opens the @queue store at an existing location (a worker process joining the run, a server's file). */
/** `url`: the backend's connection URL when not the default one (PostgreSQL, Redis), e.g. to tag the connections with a name. */
export async function openQueueStoreAt(location: OpenedStore['location'], url?: string): Promise<OpenedStore> {
  const { backend } = location
  if (backend === 'postgres') {
    const { postgresStore } = (await load('@queue/sql/postgres')) as { postgresStore: (o: unknown) => StoreLike | Promise<StoreLike> }
    const store = await postgresStore({ connectionString: url ?? PG_URL, schema: location.schema })
    return { store, location, drop: () => dropSchema(location.schema!) }
  }
  if (backend === 'sqlite') {
    const { sqliteStore } = (await load('@queue/sql/sqlite')) as { sqliteStore: (o: unknown) => StoreLike | Promise<StoreLike> }
    const store = await sqliteStore({ filename: location.file })
    return { store, location, drop: async () => undefined }
  }
  if (backend === 'mysql') {
    const { mysqlStore } = (await load('@queue/sql/mysql')) as { mysqlStore: (o: unknown) => StoreLike | Promise<StoreLike> }
    const database = location.database!
    const store = await mysqlStore({ uri: mysqlUrlFor(database) })
    return { store, location, drop: () => mysqlExec(`drop database if exists \`${database}\``).then(() => undefined) }
  }
  if (backend === 'memory') {
    const { memoryStore } = (await load('@queue/core')) as { memoryStore: () => StoreLike }
    return { store: memoryStore(), location, drop: async () => undefined }
  }
  if (backend === 'redis') {
    const { redisStore } = (await load('@queue/redis')) as { redisStore: (c: unknown, o: unknown) => StoreLike }
    const prefix = location.prefix!
    // The store's own connection, which its close() quits.
    const store = redisStore({ url: url ?? REDIS_URL }, { prefix })
    return { store, location, drop: () => deleteRedisKeys(`${prefix}:*`) }
  }
  throw new Error(`no @queue store for backend ${backend as string}`)
}

/** Deletes every key matching `pattern`, 1,000 per SCAN step, with UNLINK so Redis frees them off-thread. */
async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 })
  try {
    let cursor = '0'
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
      if (keys.length > 0) await redis.unlink(...keys)
      cursor = next
    } while (cursor !== '0')
  } finally {
    redis.disconnect()
  }
}

/** Opens a fresh, isolated @queue store on `backend`; `drop()` removes everything it created. */
export async function openQueueStore(backend: Backend): Promise<OpenedStore> {
  if (backend === 'postgres') return openQueueStoreAt({ backend, schema: `bench_q_${suffix()}` })
  if (backend === 'sqlite') {
    const { file, remove } = tempDbFile('queue-sqlite')
    const opened = await openQueueStoreAt({ backend, file })
    return { ...opened, drop: async () => remove() }
  }
  if (backend === 'mysql') {
    const database = `bench_q_${suffix()}`
    await mysqlExec(`create database \`${database}\``)
    return openQueueStoreAt({ backend, database })
  }
  if (backend === 'redis') return openQueueStoreAt({ backend, prefix: `bench-q-${suffix()}` })
  return openQueueStoreAt({ backend })
}

export function unfinishedOf(counts: Record<string, number>): number {
  return ['scheduled', 'ready', 'active', 'waiting', 'retry'].reduce((sum, state) => sum + (counts[state] ?? 0), 0)
}

/** `handoff: false`: every job through a notification and a claim, as a worker in another process gets it. */
function queueSystem(backend: Backend, handoff = true): System {
  let opened: OpenedStore
  let queue: QueueLike
  let core: CoreModule
  let worker: WorkerLike | undefined
  let counter: UnfinishedCounter | null = null

  return {
    async setup() {
      core = await loadCore()
      opened = await openQueueStore(backend)
      await opened.store.migrate()
      queue = new core.Queue({ store: opened.store })
      counter = await unfinishedCounter(opened.location)
    },
    async teardown() {
      await this.stopWorkers()
      await counter?.close()
      counter = null
      await opened.store.close()
      await opened.drop()
    },
    async enqueueMany(jobs) {
      await queue.addMany(jobs.map((payload) => ({ name: 'bench', payload })))
    },
    async enqueueOne(job) {
      await queue.add('bench', job)
    },
    async startWorkers({ concurrency, onJob }) {
      worker = new core.Worker({
        store: opened.store,
        concurrency,
        leaseMs: 30_000,
        ...(handoff ? {} : { handoff: false }),
        handlers: { bench: async (payload: unknown) => onJob(payload as BenchJob) },
      })
      worker.on?.('error', (error) => console.error(`@queue worker (${backend}):`, (error as Error)?.message ?? error))
      await worker.start()
    },
    async stopWorkers() {
      if (!worker) return
      await worker.stop()
      worker = undefined
    },
    async unfinished() {
      return counter !== null ? counter.count() : unfinishedOf(await opened.store.counts({}))
    },
    // No finished-jobs seed on Redis or in memory: the seed copies SQL rows.
    ...(backend === 'memory' || backend === 'redis' ? {} : { seedFinished: (n: number) => seedFinishedJobs(opened, n) }),
  }
}

async function available(module: string, service: () => Promise<string | null>): Promise<string | null> {
  const down = await service()
  if (down) return down
  try {
    await loadCore()
    const mod = await load(module)
    if (Object.values(mod).every((v) => typeof v !== 'function')) return `${module} exports no store yet`
    return null
  } catch (error) {
    return `${module} not available: ${(error as Error).message.split('\n')[0]}`
  }
}

export const queueSpecs: SystemSpec[] = [
  { backend: 'postgres' as const, module: '@queue/sql/postgres', service: pgReachable, quick: true },
  { backend: 'sqlite' as const, module: '@queue/sql/sqlite', service: async () => null, quick: true },
  { backend: 'mysql' as const, module: '@queue/sql/mysql', service: mysqlReachable, quick: true },
  { backend: 'redis' as const, module: '@queue/redis', service: redisReachable, quick: true },
  // The reference store: the engine plus the memory store's JSON copies (the engine alone: dist/engine.js).
  { backend: 'memory' as const, module: '@queue/core', service: async () => null, quick: false, optIn: true },
].map(({ backend, module, service, quick, optIn }) => ({
  optIn,
  name: `@queue-${backend}`,
  backend,
  settings: `@queue Queue/Worker on ${module}, concurrency 10, defaults (priorities, groups, leases, attempts on)`,
  quick,
  available: () => available(module, service),
  create: () => queueSystem(backend),
}))

/**
 * Diagnostics (opt-in): the Worker with `handoff: false`, so a job added in the benchmark's process
 * reaches it the way it reaches a worker of another process (notification, then a claim). Compare
 * their pickup with `@queue-postgres` / `@queue-sqlite` / `@queue-mysql` / `@queue-redis`, where an idle worker takes it from the insert.
 */
export const claimPathSpecs: SystemSpec[] = [
  { backend: 'postgres' as const, module: '@queue/sql/postgres', service: pgReachable },
  { backend: 'sqlite' as const, module: '@queue/sql/sqlite', service: async () => null },
  { backend: 'mysql' as const, module: '@queue/sql/mysql', service: mysqlReachable },
  { backend: 'redis' as const, module: '@queue/redis', service: redisReachable },
].map(({ backend, module, service }) => ({
  optIn: true,
  name: `@queue-${backend}-claim`,
  backend,
  settings: `diagnostic: @queue on ${backend} with the Worker's handoff off (each job notified or polled for, then claimed)`,
  available: () => available(module, service),
  create: () => queueSystem(backend, false),
}))

