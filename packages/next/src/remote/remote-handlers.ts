/**
 * The worker side of remote execution: handlers that run a job by POSTing it, signed, to a Next.js
 * job route (see job-route.ts), and settle it from the answer — 2xx completes with the result, a
 * 4xx fails permanently, a 5xx or a network error retries with backoff, a `wait` answer waits.
 */
import { PermanentError, WaitError, type Job } from '@queue/core'
import type { RemoteJobRequest, RemoteJobResponse } from './protocol.js'
import { assertSecret, signatureHeaders } from './signature.js'

/** What a remote handler needs from the worker's context. */
export interface RemoteHandlerContext {
  job: Job
  signal?: AbortSignal
}

/** A worker handler that runs the job remotely. */
export type RemoteHandler = (payload: unknown, ctx: RemoteHandlerContext) => Promise<unknown>

export interface RemoteHandlersOptions {
  /** The job route's absolute URL, e.g. `https://app.example.com/api/jobs`. */
  url: string | URL
  /** Shared with the route's `createJobRoute`; at least 16 characters. */
  secret: string
  /** The job names the route handles. */
  names: readonly string[]
  /** Per request, in ms; the job's own timeout still applies through the worker's signal. Default 30 000. */
  timeoutMs?: number
  /** The fetch to use (tests, proxies). Default the global fetch. */
  fetch?: typeof fetch
}

/** Statuses in the 4xx range that still mean "try again": timeout, too early, rate limited. */
const RETRYABLE_4XX = new Set([408, 425, 429])

async function readAnswer(response: Response): Promise<RemoteJobResponse | null> {
  const text = await response.text()
  try {
    const value = JSON.parse(text) as unknown
    return typeof value === 'object' && value !== null ? (value as RemoteJobResponse) : null
  } catch {
    return null
  }
}

function retryAfterMs(response: Response): number | null {
  const header = response.headers.get('retry-after')
  if (header === null || !/^\d+$/.test(header.trim())) return null
  return Number(header) * 1000
}

/**
 * Handlers for a Worker that run the named jobs inside a Next.js app:
 * ```ts
 * new Worker({ store, handlers: remoteHandlers({ url: 'https://app.example.com/api/jobs', secret, names: ['email.send'] }) })
 * ```
 */
export function remoteHandlers(options: RemoteHandlersOptions): Record<string, RemoteHandler> {
  assertSecret(options?.secret, 'remoteHandlers')
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw new TypeError(`remoteHandlers: url must be an absolute URL, got ${String(options.url)}`)
  }
  if (!Array.isArray(options.names) || options.names.some((n) => typeof n !== 'string' || n === '')) {
    throw new TypeError('remoteHandlers: names must be an array of job names')
  }
  const { secret } = options
  const timeoutMs = options.timeoutMs ?? 30_000
  const send = options.fetch ?? fetch

  const run: RemoteHandler = async (payload, ctx) => {
    const { job } = ctx
    const request: RemoteJobRequest = {
      job: { id: job.id, name: job.name, queue: job.queue, attempt: job.attempts, maxAttempts: job.maxAttempts },
      payload,
    }
    const body = JSON.stringify(request)
    const signals = [AbortSignal.timeout(timeoutMs), ...(ctx.signal ? [ctx.signal] : [])]
    const response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(secret, body) },
      body,
      signal: AbortSignal.any(signals),
    })
    const answer = await readAnswer(response)

    if (response.ok) {
      if (answer === null || !('result' in answer)) throw new Error(`job route ${url.pathname} answered ${response.status} without a result`)
      return answer.result
    }
    const error = answer !== null && 'error' in answer ? answer.error : undefined
    const message = `job route answered ${response.status}${error ? `: ${error.message}` : ''}`
    if (error?.code === 'wait' && typeof error.delayMs === 'number') throw new WaitError(error.delayMs, message)
    if (response.status === 429) {
      const delay = retryAfterMs(response)
      if (delay !== null) throw new WaitError(delay, message)
    }
    if (response.status >= 400 && response.status < 500 && !RETRYABLE_4XX.has(response.status)) {
      throw new PermanentError(message)
    }
    throw new Error(message)
  }

  return Object.fromEntries(options.names.map((name) => [name, run]))
}
