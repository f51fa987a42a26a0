/**
 * Finds the `@Processor()` providers and their `@Process()` methods at bootstrap, through Nest's
 * DiscoveryService and MetadataScanner (the way @nestjs/bullmq and @nestjs/schedule do it).
 */
import { Injectable, Logger } from '@nestjs/common'
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core'
import type { Worker } from '@queue/core'
import { PROCESS_METADATA, PROCESSOR_METADATA } from '../queue.constants.js'
import { QueueModuleError } from '../queue.errors.js'
import type { ProcessorOptions } from '../queue.interfaces.js'

/** The handlers map a Worker takes. */
export type Handlers = ConstructorParameters<typeof Worker>[0]['handlers']
type Handler = Handlers[string]

/** What discovery found: every handler by job name, and the distinct worker options asked for. */
export interface Discovered {
  handlers: Handlers
  /** One entry per distinct `@Processor()` options; processors with equal options share a worker. */
  workers: ProcessorOptions[]
}

@Injectable()
export class QueueExplorer {
  private readonly logger = new Logger('QueueModule')

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  discover(): Discovered {
    const handlers: Record<string, Handler> = {}
    const owners = new Map<string, string>()
    const workers = new Map<string, ProcessorOptions>()

    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance
      if (instance === null || typeof instance !== 'object') continue
      // A factory provider's metatype is the factory, so read the class off the instance.
      const type = (wrapper.inject ? instance.constructor : wrapper.metatype) as Function | undefined
      if (type === undefined || type === null) continue
      const options = this.reflector.get<ProcessorOptions | undefined>(PROCESSOR_METADATA, type)
      if (options === undefined) continue
      if (!wrapper.isDependencyTreeStatic()) {
        throw new QueueModuleError(`@Processor ${type.name} must be a singleton (request/transient scope is not supported)`)
      }

      const prototype = Object.getPrototypeOf(instance) as object
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = (instance as Record<string, unknown>)[method]
        if (typeof fn !== 'function') continue
        const name = this.reflector.get<string | undefined>(PROCESS_METADATA, fn)
        if (name === undefined) continue
        const owner = `${type.name}.${method}`
        const previous = owners.get(name)
        if (previous !== undefined) {
          throw new QueueModuleError(`job "${name}" has two handlers: ${previous} and ${owner}`)
        }
        owners.set(name, owner)
        handlers[name] = ((payload: unknown, ctx: unknown) => fn.call(instance, payload, ctx)) as Handler
      }
      workers.set(workerKey(options), options)
    }

    if (owners.size > 0) {
      this.logger.log(`handlers: ${[...owners].map(([name, owner]) => `${name} -> ${owner}`).join(', ')}`)
    }
    return { handlers, workers: [...workers.values()] }
  }
}

/** Equal options give equal keys whatever the order of their queues. */
function workerKey(options: ProcessorOptions): string {
  const queues = options.queues === undefined ? null : [...options.queues].sort()
  return JSON.stringify({ queues, concurrency: options.concurrency ?? null, priority: options.priority ?? null })
}
