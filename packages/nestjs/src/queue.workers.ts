/**
 * Runs the module's workers: migrates the store at init, starts one Worker per distinct
 * `@Processor()` options on application bootstrap, and stops them before the application shuts
 * down — before the HTTP server and the database connections close (TypeORM closes its DataSource
 * in onApplicationShutdown), so running jobs can still settle.
 */
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common'
import { Worker } from '@queue/core'
import { QueueExplorer } from './explorer/queue.explorer.js'
import { QUEUE_MODULE_OPTIONS } from './queue-module.definition.js'
import type { QueueModuleOptions } from './queue.interfaces.js'

/** Default time shutdown waits for running jobs before their leases are given back. */
const DEFAULT_GRACE_MS = 10_000

/** The workers of this application; inject it to inspect them (health checks, tests). */
@Injectable()
export class QueueWorkers implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('QueueModule')
  private running: Worker[] = []

  constructor(
    @Inject(QUEUE_MODULE_OPTIONS) private readonly options: QueueModuleOptions,
    private readonly explorer: QueueExplorer,
  ) {}

  /** The workers started at bootstrap (empty with `worker: false` or without any `@Process` handler). */
  get workers(): readonly Worker[] {
    return this.running
  }

  async onModuleInit(): Promise<void> {
    if (this.options.migrate !== false) await this.options.store.migrate()
  }

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.options.worker
    if (settings === false) return
    const { handlers, workers } = this.explorer.discover()
    if (Object.keys(handlers).length === 0) return
    const { graceMs: _graceMs, ...defaults } = settings ?? {}
    for (const processor of workers) {
      const worker = new Worker({ ...defaults, ...definedOnly(processor), store: this.options.store, handlers })
      this.running.push(worker)
      await worker.start()
      this.logger.log(`worker started for ${processor.queues?.length ? processor.queues.join(', ') : 'all queues'}`)
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const settings = this.options.worker
    const graceMs = (settings === false ? undefined : settings?.graceMs) ?? DEFAULT_GRACE_MS
    const running = this.running
    this.running = []
    await Promise.all(running.map((worker) => worker.stop({ graceMs })))
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.options.closeStore === true) await this.options.store.close()
  }
}

/** `{ queues: undefined }` must not erase a module-level default. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
