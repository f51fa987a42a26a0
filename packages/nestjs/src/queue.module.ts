import { Module, type DynamicModule, type Provider } from '@nestjs/common'
import { DiscoveryModule } from '@nestjs/core'
import { Queue } from '@queue/core'
import { QueueExplorer } from './explorer/queue.explorer.js'
import { DEFAULT_QUEUE_NAME, getQueueToken } from './queue.constants.js'
import { QueueModuleError } from './queue.errors.js'
import type { QueueModuleOptions } from './queue.interfaces.js'
import { ConfigurableModuleClass, QUEUE_MODULE_OPTIONS } from './queue-module.definition.js'
import { QueueWorkers } from './queue.workers.js'
import { namedQueue } from './named-queue.js'

/** The module `registerQueue` returns: named Queue providers over the root Queue. */
@Module({})
export class QueueFeatureModule {}

function createQueue(options: QueueModuleOptions): Queue {
  if (options === null || typeof options !== 'object' || options.store === undefined || options.store === null) {
    throw new QueueModuleError('QueueModule.forRoot({ store }) needs a store, e.g. memoryStore() or sqliteStore({ filename })')
  }
  return new Queue({ ...options.queue, store: options.store })
}

/**
 * The @queue module: provides the `Queue` (inject it with `@InjectQueue()` or by its class) and runs
 * the `@Processor()` handlers in workers that start on application bootstrap and stop on shutdown.
 * ```ts
 * @Module({ imports: [QueueModule.forRoot({ store: sqliteStore({ filename: 'queue.db' }), isGlobal: true })] })
 * export class AppModule {}
 * ```
 * `QueueModule.forRootAsync({ imports, inject, useFactory })` builds the options from other providers;
 * `QueueModule.registerQueue('mail')` adds a Queue bound to one queue name, `@InjectQueue('mail')`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    { provide: getQueueToken(), useFactory: createQueue, inject: [QUEUE_MODULE_OPTIONS] },
    { provide: Queue, useExisting: getQueueToken() },
    QueueExplorer,
    QueueWorkers,
  ],
  exports: [getQueueToken(), Queue, QueueWorkers],
})
export class QueueModule extends ConfigurableModuleClass {
  /**
   * Provides Queues bound to queue names: `@InjectQueue('mail')` enqueues into `mail` unless an
   * `add` says otherwise, and counts and lists only `mail`. Needs the root module to be global
   * (`forRoot({ ..., isGlobal: true })`), like `@nestjs/bullmq`'s `registerQueue`.
   */
  static registerQueue(...queues: (string | { name: string })[]): DynamicModule {
    const names = queues.map((queue) => (typeof queue === 'string' ? queue : queue?.name))
    for (const name of names) {
      if (typeof name !== 'string' || name.trim() === '') throw new QueueModuleError('QueueModule.registerQueue() needs queue names')
      if (name === DEFAULT_QUEUE_NAME) throw new QueueModuleError(`"${DEFAULT_QUEUE_NAME}" is the root Queue's token; inject it with @InjectQueue()`)
    }
    const providers: Provider[] = names.map((name) => ({
      provide: getQueueToken(name),
      useFactory: (root: Queue) => namedQueue(root, name as string),
      inject: [getQueueToken()],
    }))
    return { module: QueueFeatureModule, providers, exports: names.map((name) => getQueueToken(name as string)) }
  }
}
