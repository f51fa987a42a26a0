/**
 * The logger the worker writes to: any pino-compatible object (pino, its child loggers) or `console`.
 * Every call passes a bindings object first and a message second, pino's `(obj, msg)` shape.
 */
export interface Logger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  /** When present, each job's `ctx.log` is `child({ jobId, jobName, queue, attempt })`. */
  child?(bindings: Record<string, unknown>): Logger
}

const ignore = () => {}

/** The default: warnings and errors to the console, nothing else (a library stays quiet by default). */
export const consoleWarnLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: (obj, msg) => console.warn(`[queue] ${msg ?? ''}`, obj),
  error: (obj, msg) => console.error(`[queue] ${msg ?? ''}`, obj),
}

/** A logger that drops everything, for tests and for callers that watch events instead. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore }
