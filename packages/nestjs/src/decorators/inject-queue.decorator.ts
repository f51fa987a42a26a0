import { Inject } from '@nestjs/common'
import { getQueueToken } from '../queue.constants.js'

/**
 * Injects the module's `Queue`:
 * ```ts
 * constructor(@InjectQueue() private readonly queue: Queue) {}
 * ```
 */
export function InjectQueue(name?: string): PropertyDecorator & ParameterDecorator {
  return Inject(getQueueToken(name))
}
