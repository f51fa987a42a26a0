/**
 * The Next.js side of remote execution: a POST route that verifies the signature, runs the named
 * handler inside the Next app, and answers with the result — so a Next app on a platform without
 * long-running processes still gets durable jobs, run by a worker elsewhere (see remote-handlers.ts).
 */
import { PermanentError, WaitError } from '@queue/core'
import type { RemoteJob, RemoteJobError, RemoteJobRequest } from './protocol.js'
import { assertSecret, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature.js'

/** What a remote handler receives besides its payload. */
export interface RemoteJobContext {
  job: RemoteJob
  /** Aborted when the worker gives up on the request (timeout, shutdown). */
  signal: AbortSignal
  request: Request
}

/** A handler run by the job route. */
export type RemoteJobHandler = (payload: any, ctx: RemoteJobContext) => unknown

export interface JobRouteOptions {
  /** The handlers by job name. */
  handlers: Record<string, RemoteJobHandler>
  /** Shared with the worker's `remoteHandlers`; at least 16 characters. */
  secret: string
  /** Oldest accepted signature, in ms. Default 5 minutes. */
  toleranceMs?: number
  /** Largest accepted body in bytes. Default 1 MiB. */
  bodyLimit?: number
  /** The clock, for tests. */
  now?: () => number
}

const DEFAULT_BODY_LIMIT = 1024 * 1024

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  })
}

function failure(status: number, error: RemoteJobError, headers?: Record<string, string>): Response {
  return answer(status, { error }, headers)
}

function parseJob(body: string): RemoteJobRequest | string {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return 'body is not valid JSON'
  }
  if (typeof value !== 'object' || value === null) return 'body must be a JSON object'
  const { job, payload } = value as { job?: Partial<RemoteJob>; payload?: unknown }
  if (typeof job !== 'object' || job === null) return 'job must be an object'
  if (typeof job.id !== 'string' || typeof job.name !== 'string' || typeof job.queue !== 'string') {
    return 'job.id, job.name and job.queue must be strings'
  }
  if (!Number.isInteger(job.attempt) || !Number.isInteger(job.maxAttempts)) return 'job.attempt and job.maxAttempts must be integers'
  return { job: job as RemoteJob, payload }
}

/** True for a PermanentError, also one from another copy of @queue/core. */
function isPermanent(error: unknown): boolean {
  return error instanceof PermanentError || (error instanceof Error && error.name === 'PermanentError')
}

function waitDelay(error: unknown): number | null {
  if (error instanceof WaitError) return error.delayMs
  if (error instanceof Error && error.name === 'WaitError' && typeof (error as { delayMs?: unknown }).delayMs === 'number') {
    return (error as unknown as { delayMs: number }).delayMs
  }
  return null
}

/**
 * Creates the route that runs jobs sent by a worker's `remoteHandlers`:
 * ```ts
 * // app/api/jobs/route.ts
 * export const { POST } = createJobRoute({ secret: process.env.QUEUE_SECRET!, handlers: { 'email.send': sendEmail } })
 * ```
 */
export function createJobRoute(options: JobRouteOptions): { POST: (request: Request) => Promise<Response> } {
  assertSecret(options?.secret, 'createJobRoute')
  if (typeof options.handlers !== 'object' || options.handlers === null) {
    throw new TypeError('createJobRoute: handlers must be an object of functions by job name')
  }
  for (const [name, handler] of Object.entries(options.handlers)) {
    if (typeof handler !== 'function') throw new TypeError(`createJobRoute: handler "${name}" is not a function`)
  }
  const { secret, handlers } = options
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  const now = options.now ?? Date.now

  async function POST(request: Request): Promise<Response> {
    const declared = Number(request.headers.get('content-length') ?? 0)
    if (declared > bodyLimit) return failure(413, { code: 'body_too_large', message: `body exceeds ${bodyLimit} bytes` })
    const body = await request.text()
    if (Buffer.byteLength(body) > bodyLimit) return failure(413, { code: 'body_too_large', message: `body exceeds ${bodyLimit} bytes` })

    const problem = verifySignature({
      secret,
      body,
      timestamp: request.headers.get(TIMESTAMP_HEADER),
      signature: request.headers.get(SIGNATURE_HEADER),
      toleranceMs: options.toleranceMs,
      now: now(),
    })
    if (problem !== null) return failure(401, { code: `signature_${problem}`, message: `signature ${problem}` })

    const parsed = parseJob(body)
    if (typeof parsed === 'string') return failure(400, { code: 'invalid_body', message: parsed })
    const handler = Object.hasOwn(handlers, parsed.job.name) ? handlers[parsed.job.name] : undefined
    if (handler === undefined) {
      return failure(404, { code: 'unknown_job', message: `no handler for job "${parsed.job.name}"` })
    }

    try {
      const result = await handler(parsed.payload, { job: parsed.job, signal: request.signal, request })
      return answer(200, { result: result === undefined ? null : result })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const delayMs = waitDelay(error)
      if (delayMs !== null) {
        return failure(503, { code: 'wait', message, delayMs }, { 'retry-after': String(Math.ceil(delayMs / 1000)) })
      }
      if (isPermanent(error)) return failure(422, { code: 'permanent', message })
      return failure(500, { code: 'handler_error', message })
    }
  }

  return { POST }
}
