import type { Io } from '../commands/command.js'

/** A logger for workers: one line per message on stderr, info and up; `debug` only with QUEUE_DEBUG=1. */
export interface CliLogger {
  debug(message: string, meta?: unknown): void
  info(message: string, meta?: unknown): void
  warn(message: string, meta?: unknown): void
  error(message: string, meta?: unknown): void
}

export function cliLogger(io: Io): CliLogger {
  const line = (level: string) => (message: string, meta?: unknown) => {
    const extra = meta === undefined ? '' : ` ${describeMeta(meta)}`
    io.stderr.write(`${new Date().toISOString()} ${level} ${message}${extra}\n`)
  }
  const debug = io.env.QUEUE_DEBUG === '1' ? line('debug') : () => {}
  return { debug, info: line('info'), warn: line('warn'), error: line('error') }
}

function describeMeta(meta: unknown): string {
  if (meta instanceof Error) return meta.message
  try {
    return JSON.stringify(meta, (_key, value: unknown) => (value instanceof Error ? value.message : value))
  } catch {
    return String(meta)
  }
}
