/** The `http` command: call a URL and store its status, a few headers and a truncated body. */
import { PermanentError } from '@queue/core'
import type { HttpCommand } from './spec.js'

/** Default `timeout` of an http command: 30 s. */
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 30
/** Response bodies are stored up to 64 KiB; a job row is no place for a download. */
export const MAX_STORED_BODY = 64 * 1024
/** The response headers worth keeping in a job's result. */
const KEPT_HEADERS = ['content-type', 'content-length', 'location', 'etag', 'last-modified', 'retry-after', 'date']

/** The result stored on a completed http job. */
export interface HttpCommandResult {
  status: number
  headers: Record<string, string>
  body: string
  /** True when the body was longer than 64 KiB and was cut. */
  truncated: boolean
}

export interface RunHttpOptions {
  signal: AbortSignal
  fetch: typeof fetch
  /** Added to the command's own headers (the callback jobs name their parent this way). */
  headers?: Record<string, string>
}

/** Builds the URL and init for `fetch`: params as a query string for GET/HEAD, a JSON body otherwise. */
export function buildHttpRequest(command: HttpCommand, extraHeaders: Record<string, string> = {}): { url: string; init: RequestInit } {
  const method = (command.method ?? 'GET').toUpperCase()
  const url = new URL(command.url)
  const headers = new Headers({ ...extraHeaders, ...command.headers })
  let body: RequestInit['body']
  if (command.bodyBase64 !== undefined) {
    body = Buffer.from(command.bodyBase64, 'base64')
  } else if (command.params !== undefined) {
    if (method === 'GET' || method === 'HEAD') {
      for (const [key, value] of Object.entries(command.params)) {
        if (value === undefined || value === null) continue
        const values = Array.isArray(value) ? value : [value]
        for (const item of values) url.searchParams.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item))
      }
    } else {
      body = JSON.stringify(command.params)
      if (!headers.has('content-type')) headers.set('content-type', 'application/json')
    }
  }
  return { url: url.toString(), init: { method, headers, ...(body === undefined ? {} : { body }) } }
}

async function readTruncated(response: Response): Promise<{ body: string; truncated: boolean }> {
  if (response.body === null) return { body: '', truncated: false }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let truncated = false
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
    if (size > MAX_STORED_BODY) {
      truncated = true
      await reader.cancel().catch(() => {})
      break
    }
  }
  const bytes = Buffer.concat(chunks).subarray(0, MAX_STORED_BODY)
  return { body: new TextDecoder().decode(bytes), truncated }
}

/** Whether an HTTP status is worth another attempt: 5xx, 408 Request Timeout and 429 Too Many Requests. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429
}

/**
 * Runs an http command. 2xx resolves with the result; 5xx, 408, 429, a network error or a timeout
 * throws a plain Error (the job is retried); any other status throws `PermanentError`.
 */
export async function runHttpCommand(command: HttpCommand, options: RunHttpOptions): Promise<HttpCommandResult> {
  const seconds = command.timeout ?? DEFAULT_HTTP_TIMEOUT_SECONDS
  const timeout = AbortSignal.timeout(seconds * 1000)
  const signal = AbortSignal.any([options.signal, timeout])
  const { url, init } = buildHttpRequest(command, options.headers)
  const method = init.method as string
  let response: Response
  let stored: { body: string; truncated: boolean }
  try {
    response = await options.fetch(url, { ...init, signal })
    stored = await readTruncated(response)
  } catch (error) {
    if (timeout.aborted) throw new Error(`${method} ${url} timed out after ${seconds} s`)
    if (options.signal.aborted) throw new Error(`${method} ${url} aborted: ${String(options.signal.reason ?? 'job signal')}`)
    const cause = (error as Error & { cause?: Error }).cause
    throw new Error(`${method} ${url} failed: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}`)
  }
  const headers: Record<string, string> = {}
  for (const name of KEPT_HEADERS) {
    const value = response.headers.get(name)
    if (value !== null) headers[name] = value
  }
  const result: HttpCommandResult = { status: response.status, headers, ...stored }
  if (response.status >= 200 && response.status < 300) return result
  const message = `${method} ${url} answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}: ${stored.body.slice(0, 500)}`
  if (isRetryableStatus(response.status)) throw new Error(message)
  throw new PermanentError(message)
}
