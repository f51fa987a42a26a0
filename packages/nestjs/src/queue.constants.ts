/** Injection tokens and metadata keys of @queue/nestjs, all from one place (after @nestjs/bullmq). */

/** Metadata key set by `@Processor()` on a provider class. */
export const PROCESSOR_METADATA = 'queue:processor'
/** Metadata key set by `@Process()` on a handler method. */
export const PROCESS_METADATA = 'queue:process'

/** The name of the Queue that `QueueModule.forRoot` provides. */
export const DEFAULT_QUEUE_NAME = 'default'

/**
 * The injection token of a Queue provider: `getQueueToken()` is the module's Queue, the one that
 * `@InjectQueue()` injects. Use it to override the Queue in tests
 * (`.overrideProvider(getQueueToken()).useValue(fake)`).
 */
export function getQueueToken(name: string = DEFAULT_QUEUE_NAME): string {
  return `QueueModule:queue:${name}`
}
