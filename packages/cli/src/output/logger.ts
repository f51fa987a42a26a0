import type { FastifyBaseLogger } from 'fastify'
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
    // A stack is many lines; a log line is one (QUEUE_DEBUG=1 keeps the whole text).
    const firstLine = (text: string) => (process.env.QUEUE_DEBUG === '1' ? text : text.split('\n')[0])
    return JSON.stringify(obj, (key, value: unknown) =>
      value instanceof Error ? firstLine(value.message) : key === 'err' && typeof value === 'string' ? firstLine(value) : value,
    )
  } catch {
    return String(obj)
  }
}

/**
 * The logger given to Fastify in `queue server`: warnings and errors (a failed route, a 500 from the
 * API) as one line on stderr; per-request info lines are dropped.
 */
export function serverLogger(io: Io): FastifyBaseLogger {
  const base = cliLogger(io)
  const ignore = () => {}
  const write = (fn: (obj: object, msg?: string) => void) => (obj: unknown, msg?: string) => {
    if (typeof obj === 'string') fn({}, obj)
    else fn(errorBindings(obj), msg)
  }
  const logger: Record<string, unknown> = {
    level: 'warn',
    fatal: write(base.error),
    error: write(base.error),
    warn: write(base.warn),
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    child: () => logger,
  }
  // Structurally a pino logger as far as Fastify calls it; pino's overloaded LogFn types do not
  // describe a hand-written one.
  return logger as unknown as FastifyBaseLogger
}

/** pino's `{ err }` binding as its message, so an error is one readable line. */
function errorBindings(obj: unknown): object {
  if (obj instanceof Error) return { err: obj.message }
  if (typeof obj === 'object' && obj !== null && 'err' in obj && (obj as { err: unknown }).err instanceof Error) {
    return { ...obj, err: ((obj as { err: Error }).err).message }
  }
  return typeof obj === 'object' && obj !== null ? obj : { value: obj }
}
