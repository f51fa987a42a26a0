/** The options of `QueueModule.forRoot` / `forRootAsync`. */
import type { JobStore, Queue, Worker } from '@queue/core'

/** Everything `new Queue()` accepts besides the store. */
export type QueueSettings = Omit<ConstructorParameters<typeof Queue>[0], 'store'>

/** Everything `new Worker()` accepts besides the store and the handlers (which come from `@Process`). */
export type WorkerSettings = Omit<ConstructorParameters<typeof Worker>[0], 'store' | 'handlers'>

/** What `@Processor()` may set for the worker that runs its handlers. */
export type ProcessorOptions = Pick<WorkerSettings, 'queues' | 'concurrency' | 'priority'>

/** Options of the module. */
export interface QueueModuleOptions {
  /** The job store (memory, SQL, TypeORM, Prisma, Redis...). The module does not own it unless `closeStore`. */
  store: JobStore
  /** Extra Queue options, e.g. default job options or payload validators. */
  queue?: QueueSettings
  /**
   * Defaults for every worker the module starts, under each `@Processor()`'s own options (`graceMs`
   * is how long shutdown waits for running jobs, default 10 s);
   * `false` starts no worker at all (an API-only node that only enqueues). Default: `{}`.
   */
  worker?: false | WorkerSettings
  /** Run `store.migrate()` at module init. Default true (migrations are idempotent and safe to race). */
  migrate?: boolean
  /** Close the store on application shutdown, after the workers stopped. Default false. */
  closeStore?: boolean
}
