import { SetMetadata } from '@nestjs/common'
import { PROCESS_METADATA } from '../queue.constants.js'

/**
 * Registers a method of a `@Processor()` class as the handler of the jobs named `name`. The method
 * receives `(payload, ctx)` like any @queue handler and its return value is stored as the result.
 */
export function Process(name: string): MethodDecorator {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError('@Process(name) needs a non-empty job name')
  }
  return SetMetadata(PROCESS_METADATA, name)
}
