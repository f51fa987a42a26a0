/**
 * The one interface every benchmarked system implements, so each scenario is written once.
 * An adapter is one small file over the system's public API with the settings its docs recommend
 * for speed; it owns an isolated schema, database, temp file or key prefix for its lifetime.
 */

/** The payload of every benchmark job: a sequence number and the enqueue time (performance.now()). */
export interface BenchJob {
  i: number
  t: number
}

export interface WorkOptions {
  concurrency: number
  /** Called when a handler starts; the handler itself does nothing else (a no-op job). */
  onJob: (job: BenchJob) => void
}

export type Backend = 'postgres' | 'sqlite' | 'mysql' | 'redis' | 'memory'

/** One system under test, set up fresh for one repetition of one scenario. */
export interface System {
  /** Creates the isolated schema / database / file and everything the system needs. */
  setup(): Promise<void>
  /** Stops whatever runs and drops what setup created. */
  teardown(): Promise<void>
  /** Enqueues a batch the way the system's bulk API does (chunked where the API demands it). */
  enqueueMany(jobs: BenchJob[]): Promise<void>
  /** Enqueues one job, one call and one commit. */
  enqueueOne(job: BenchJob): Promise<void>
  /** Starts workers in this process; resolves once they are running. */
  startWorkers(options: WorkOptions): Promise<void>
  /** Stops the workers started by `startWorkers`. */
  stopWorkers(): Promise<void>
  /** Jobs not finished yet (waiting or running), read from the system's own storage. */
  unfinished(): Promise<number>
  /** Fills the storage with `n` finished jobs, directly and fast, for the sustained scenario. */
  seedFinished?(n: number): Promise<void>
}

/** A system as the harness lists it. */
export interface SystemSpec {
  /** Unique short name, used in tables and with `--only`. */
  name: string
  backend: Backend
  /** One line on the settings used. */
  settings: string
  /** Whether the system appears in quick runs. */
  quick?: boolean
  /** Only run when named with `--only` (diagnostics and slow variants). */
  optIn?: boolean
  /** Null when the system can run here, else why not (missing service, @queue store not built yet). */
  available(): Promise<string | null>
  create(): System
}
