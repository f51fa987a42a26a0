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
import { nestQueueLogger } from './queue.logger.js'
import { QUEUE_MODULE_OPTIONS } from './queue-module.definition.js'
import type { QueueModuleOptions } from './queue.interfaces.js'

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
    const defaults = settings ?? {}
    for (const processor of workers) {
      const worker = new Worker({
        logger: nestQueueLogger(),
        ...defaults,
        ...definedOnly(processor),
        store: this.options.store,
        handlers,
      })
      this.running.push(worker)
      worker.start()
      this.logger.log(`worker started for ${processor.queues?.length ? processor.queues.join(', ') : 'all queues'}`)
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.running
    this.running = []
    // Each worker waits its own graceMs (default 10 s) for running jobs, then gives the rest back.
    await Promise.all(running.map((worker) => worker.stop()))
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.options.closeStore === true) await this.options.store.close()
  }
}

/** `{ queues: undefined }` must not erase a module-level default. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
