/**
 * The `command` objects of seed 001 (`{ type: 'http', url, method, timeout, params }`,
 * `{ type: 'exec', cmd }`) and the job payload that carries them, with validation that names the
 * offending field.
 */
import { isRecord } from '../handler/body.js'

/** Call a URL. `timeout` is in seconds, as in seed 001. */
export interface HttpCommand {
  type: 'http'
  url: string
  /** Default GET. */
  method?: string
  headers?: Record<string, string>
  /** Query string for GET and HEAD, a JSON body otherwise. */
  params?: Record<string, unknown>
  /** Seconds; default 30. */
  timeout?: number
  /** Raw body bytes, base64; sent as-is instead of `params` (webhook forwarding uses it). */
  bodyBase64?: string
}

/** Run a program without a shell: a path (seed 001) or an argv array. `timeout` in seconds. */
export interface ExecCommand {
  type: 'exec'
  cmd: string | string[]
  /** Seconds; default 300. */
  timeout?: number
}

export type Command = HttpCommand | ExecCommand

/** The payload of an `http` or `exec` job. Field names follow seed 001's `POST /jobs/add`. */
export interface CommandPayload {
  command: Command
  context?: string
  callback_done?: Command
  callback_failed?: Command
  /** Set on callback jobs: the job whose outcome triggered them. */
  parent?: { id: string; name: string; state: 'completed' | 'failed' }
}

/** A field of a command that failed validation. */
export class FieldError extends Error {
  override readonly name = 'FieldError'
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`)
  }
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
/** A day; a longer timeout is almost surely a unit mistake (ms given as seconds). */
const MAX_TIMEOUT_SECONDS = 86_400

function timeoutField(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMEOUT_SECONDS) {
    throw new FieldError(field, `must be a number of seconds between 0 and ${MAX_TIMEOUT_SECONDS}`)
  }
  return value
}

function parseHttp(value: Record<string, unknown>, field: string): HttpCommand {
  const command: HttpCommand = { type: 'http', url: '' }
  if (typeof value.url !== 'string') throw new FieldError(`${field}.url`, 'must be a string')
  let url: URL
  try {
    url = new URL(value.url)
  } catch {
    throw new FieldError(`${field}.url`, 'must be an absolute URL')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FieldError(`${field}.url`, 'must use http or https')
  command.url = value.url
  if (value.method !== undefined) {
    if (typeof value.method !== 'string' || !METHODS.has(value.method.toUpperCase())) {
      throw new FieldError(`${field}.method`, `must be one of ${[...METHODS].join(', ')}`)
    }
    command.method = value.method.toUpperCase()
  }
  if (value.headers !== undefined) {
    if (!isRecord(value.headers)) throw new FieldError(`${field}.headers`, 'must be an object of strings')
    for (const [name, header] of Object.entries(value.headers)) {
      if (typeof header !== 'string') throw new FieldError(`${field}.headers.${name}`, 'must be a string')
    }
    command.headers = value.headers as Record<string, string>
  }
  if (value.params !== undefined && value.params !== null) {
    if (!isRecord(value.params)) throw new FieldError(`${field}.params`, 'must be an object')
    command.params = value.params
  }
  const timeout = timeoutField(value.timeout, `${field}.timeout`)
  if (timeout !== undefined) command.timeout = timeout
  if (value.bodyBase64 !== undefined) {
    if (typeof value.bodyBase64 !== 'string') throw new FieldError(`${field}.bodyBase64`, 'must be a base64 string')
    command.bodyBase64 = value.bodyBase64
  }
  return command
}

function parseExec(value: Record<string, unknown>, field: string): ExecCommand {
  const cmd = value.cmd
  const isArgv = Array.isArray(cmd) && cmd.length > 0 && cmd.every((arg) => typeof arg === 'string')
  if (!(typeof cmd === 'string' && cmd !== '') && !isArgv) {
    throw new FieldError(`${field}.cmd`, 'must be a program path or a non-empty array of strings')
  }
  const parts: string[] = typeof cmd === 'string' ? [cmd] : (cmd as string[])
  if (parts[0] === '') throw new FieldError(`${field}.cmd`, 'must name a program')
  if (parts.some((part) => part.includes('\0'))) throw new FieldError(`${field}.cmd`, 'must not contain NUL bytes')
  const command: ExecCommand = { type: 'exec', cmd: typeof cmd === 'string' ? cmd : [...parts] }
  const timeout = timeoutField(value.timeout, `${field}.timeout`)
  if (timeout !== undefined) command.timeout = timeout
  return command
}

/** Validates a command object; throws `FieldError` naming the field (`command.url`, ...). */
export function parseCommand(value: unknown, field = 'command'): Command {
  if (!isRecord(value)) throw new FieldError(field, 'must be an object with a type of "http" or "exec"')
  if (value.type === 'http') return parseHttp(value, field)
  if (value.type === 'exec') return parseExec(value, field)
  throw new FieldError(`${field}.type`, 'must be "http" or "exec"')
}

/** Validates an `http`/`exec` job payload. */
export function parseCommandPayload(value: unknown): CommandPayload {
  if (!isRecord(value)) throw new FieldError('payload', 'must be an object with a command')
  const payload: CommandPayload = { command: parseCommand(value.command, 'command') }
  if (value.context !== undefined && value.context !== null) {
    if (typeof value.context !== 'string') throw new FieldError('context', 'must be a string')
    payload.context = value.context
  }
  if (value.callback_done !== undefined && value.callback_done !== null) {
    payload.callback_done = parseCommand(value.callback_done, 'callback_done')
  }
  if (value.callback_failed !== undefined && value.callback_failed !== null) {
    payload.callback_failed = parseCommand(value.callback_failed, 'callback_failed')
  }
  if (isRecord(value.parent)) payload.parent = value.parent as CommandPayload['parent']
  return payload
}
