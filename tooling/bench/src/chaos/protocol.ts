/** What the chaos harness passes to each worker process (as JSON in an environment variable). */
import type { Backend } from '../systems/system.js'

export interface ChaosWorkerConfig {
  backend: Extract<Backend, 'postgres' | 'sqlite'>
  /** PostgreSQL schema of the @queue store, or the SQLite file. */
  schema?: string
  file?: string
  /** PostgreSQL: the connection string of the store's pool, tagged with an application_name so the cut finds it. */
  connectionString?: string
  /** PostgreSQL: `schema.table` of the ledger; SQLite: the ledger file (one line per execution). */
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
