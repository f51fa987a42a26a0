/** The worker's pino-shaped logger written to Nest's Logger, so queue logs look like the app's. */
import { Logger as NestLogger } from '@nestjs/common'
import type { Logger } from '@queue/core'

function line(obj: object, msg: string | undefined): string {
  const fields = Object.keys(obj).length > 0 ? ` ${safeJson(obj)}` : ''
  return `${msg ?? ''}${fields}`
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v))
  } catch {
    return '[unserializable]'
  }
}

/** A `@queue/core` Logger over a Nest Logger with the given context. */
export function nestQueueLogger(context = 'QueueWorker'): Logger {
  const logger = new NestLogger(context)
  return {
    debug: (obj, msg) => logger.debug(line(obj, msg)),
    info: (obj, msg) => logger.log(line(obj, msg)),
    warn: (obj, msg) => logger.warn(line(obj, msg)),
    error: (obj, msg) => logger.error(line(obj, msg)),
  }
}
