/** What the chaos harness passes to each worker process (as JSON in an environment variable). */
import type { Backend } from '../systems/system.js'

/** The stores the chaos harness runs on. */
export type ChaosBackend = Extract<Backend, 'postgres' | 'sqlite' | 'mysql' | 'redis'>

export interface ChaosWorkerConfig {
  backend: ChaosBackend
  /** Where the @queue store lives: PostgreSQL schema, SQLite file, MySQL database or Redis key prefix. */
  schema?: string
  file?: string
  database?: string
  prefix?: string
  /** PostgreSQL and Redis: the store's connection URL, tagged with a name so the cut finds the workers' connections. */
  connectionString?: string
  /** PostgreSQL: `schema.table` of the ledger; the other backends: the ledger file (one line per execution). */
  ledger: string
  concurrency: number
  leaseMs: number
  /** Each handler sleeps a random time in this range, so kills hit jobs in flight. */
  handlerMs: [number, number]
}

export const CONFIG_ENV = 'BENCH_CHAOS_WORKER'

/** Parent -> worker. */
export type ToWorker = { type: 'stop' }
/** Worker -> parent. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'stopped' }
  | { type: 'error'; message: string }
  /** A process warning (`process.on('warning')`), e.g. a TimeoutOverflowWarning from the Worker's loop. */
  | { type: 'warning'; name: string; message: string }
