import type { Io } from '../commands/command.js'

/** The pino-shaped logger the core Worker takes: `(bindings, message)`. */
export interface CliLogger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** One line per message on stderr, info and up; debug only with QUEUE_DEBUG=1. */
export function cliLogger(io: Io): CliLogger {
  const line = (level: string) => (obj: object, msg?: string) => {
    const bindings = describeBindings(obj)
    io.stderr.write(`${new Date().toISOString()} ${level} ${msg ?? ''}${bindings ? ` ${bindings}` : ''}\n`)
  }
  const debug = io.env.QUEUE_DEBUG === '1' ? line('debug') : () => {}
  return { debug, info: line('info'), warn: line('warn'), error: line('error') }
}

function describeBindings(obj: object): string {
  if (obj instanceof Error) return obj.message
  const entries = Object.entries(obj)
  if (entries.length === 0) return ''
  try {
    return JSON.stringify(obj, (_key, value: unknown) => (value instanceof Error ? value.message : value))
  } catch {
    return String(obj)
  }
}
