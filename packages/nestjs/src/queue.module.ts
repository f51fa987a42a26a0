import { Module } from '@nestjs/common'
import { DiscoveryModule } from '@nestjs/core'
import { Queue } from '@queue/core'
import { QueueExplorer } from './explorer/queue.explorer.js'
import { getQueueToken } from './queue.constants.js'
import { QueueModuleError } from './queue.errors.js'
import type { QueueModuleOptions } from './queue.interfaces.js'
import { ConfigurableModuleClass, QUEUE_MODULE_OPTIONS } from './queue-module.definition.js'
import { QueueWorkers } from './queue.workers.js'

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
 * `QueueModule.forRootAsync({ imports, inject, useFactory })` builds the options from other providers.
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
export class QueueModule extends ConfigurableModuleClass {}
