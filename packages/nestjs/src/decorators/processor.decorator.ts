import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common'
import { PROCESSOR_METADATA } from '../queue.constants.js'
import type { ProcessorOptions } from '../queue.interfaces.js'

/**
 * Marks a provider whose `@Process()` methods handle jobs. The options choose the worker that
 * claims the jobs: processors with the same options share one worker, and every worker knows every
 * handler, so a job runs wherever it is claimed.
 * ```ts
 * @Processor({ queues: ['mail'], concurrency: 4 })
 * export class MailProcessor { @Process('email.send') send(payload: Email) { ... } }
 * ```
 */
export function Processor(options: ProcessorOptions = {}): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(PROCESSOR_METADATA, options))
}
