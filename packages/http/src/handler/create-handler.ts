/** `createHttpHandler`: the whole HTTP API as one framework-neutral `Request -> Response` function. */
import type { HookConfig } from '../hooks/config.js'
import { CommitBatcher } from '../hooks/batcher.js'
import type { Metrics } from '../metrics/metrics.js'
import type { AddedJob, AddManyItem, QueueApi } from '../queue-api.js'
import { compatRoutes } from '../routes/compat.js'
import { type DashboardMount, dashboardRoutes } from '../routes/dashboard.js'
import { hookRoutes } from '../routes/hooks.js'
import { acceptHook, type HookInput } from '../hooks/intake.js'
import { restRoutes } from '../routes/rest.js'
import { systemRoutes } from '../routes/system.js'
import { requireBearer } from './auth.js'
import { DEFAULT_BODY_LIMIT } from './body.js'
import type { ApiContext } from './context.js'
import { HttpError, errorResponse, json } from './respond.js'
import { Router } from './router.js'

/** Options of `createHttpHandler`. */
export interface HttpApiOptions {
  /** The queue the API adds to and reads from. */
  queue: QueueApi
  /** Once set, every route but `/healthz` (and hooks with their own secret) needs `Authorization: Bearer <token>`. */
  token?: string
  /** Declared webhooks by name, served at `POST /hooks/:name`; see `parseHookConfig`. */
  hooks?: Record<string, HookConfig>
  /** The worker concurrency reported as `max_threads` by `GET /jobs/status`. Default 0. */
  maxThreads?: number
  /** Counters fed by worker events (`metrics.observe(worker)`), rendered at `GET /metrics`. */
  metrics?: Metrics
  /** The largest request body in bytes; larger gets 413. Default 1 MiB. */
  bodyLimit?: number
  /** The path the API is mounted at (`/queue`); stripped before routing. Default `''`. */
  prefix?: string
  /** Group commit of webhook jobs: the most jobs per insert (default 500) and the wait for company (default 0: one event-loop turn). */
  intake?: { maxBatch?: number; windowMs?: number }
  /** Called with every unexpected error before the 500 answer is sent (logging); `handler.hook` passes its `HookInput`. */
  onError?: (error: unknown, request: Request | HookInput) => void
  /**
   * Serve the web dashboard (`@queue/dashboard`) at `GET /dashboard`. Default `true`. The page itself
   * is served without the token (it holds no data); every API call it makes sends the token.
   */
  dashboard?: boolean | DashboardMount
}

/** What `handler.hook` answers: the status, the headers and the JSON body as text. */
export interface HookAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** The handler returned by `createHttpHandler`. */
export type HttpHandler = ((request: Request) => Promise<Response>) & {
  /**
   * Webhook intake without Web `Request`/`Response` objects, for adapters that already hold the
   * routed request and its body (`@queue/fastify` mounts it at `/hooks/:name`). Same checks and
   * answers as `POST /hooks/:name` through the handler; never throws.
   */
  hook(input: HookInput): Promise<HookAnswer>
}

function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '' || prefix === '/') return ''
  return `/${prefix.replace(/^\/+|\/+$/g, '')}`
}

/** Seed 001's routes answer in its `{ status, ... }` envelope, errors included. */
function isCompatPath(path: string): boolean {
  return path === '/jobs/add' || path === '/jobs/status' || path.startsWith('/jobs/status/')
}

function renderError(error: HttpError, path: string): Response {
  if (!isCompatPath(path)) return errorResponse(error)
  return json(error.status, { status: error.status, error: { code: error.code, message: error.message } }, error.headers)
}

/**
 * Creates the HTTP API of a queue: seed-001 routes (`/jobs/add`, `/jobs/status[/:id]`), the REST
 * API under `/api/v1`, webhook intake at `/hooks/:name`, `/healthz`, `/metrics` and the web
 * dashboard at `/dashboard`. The handler
 * never throws: bad requests get a JSON error, unexpected failures a 500.
 */
export function createHttpHandler(options: HttpApiOptions): HttpHandler {
  const prefix = normalizePrefix(options.prefix)
  const ctx: ApiContext = {
    queue: options.queue,
    token: options.token === '' ? undefined : options.token,
    hooks: options.hooks ?? {},
    maxThreads: options.maxThreads ?? 0,
    metrics: options.metrics,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Intake answers with ids only: the stored jobs' payloads need not be parsed back.
    intake: new CommitBatcher<AddManyItem, AddedJob>((items) => options.queue.addMany(items, { reusePayloads: true }), options.intake),
  }
  const dashboard = options.dashboard ?? true
  const router = new Router([
    ...systemRoutes(ctx),
    ...compatRoutes(ctx),
    ...restRoutes(ctx, prefix),
    ...hookRoutes(ctx),
    ...(dashboard === false ? [] : dashboardRoutes(prefix, dashboard === true ? {} : dashboard)),
  ])

  const handler = async (request: Request): Promise<Response> => {
    const response = await answer(request)
    if (request.method !== 'HEAD' || response.body === null) return response
    await response.body.cancel()
    return new Response(null, { status: response.status, headers: response.headers })
  }
  const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' }
  async function hook(input: HookInput): Promise<HookAnswer> {
    try {
      // The answer's JSON written out: `{ id }` is its only shape, and the id is quoted by JSON.stringify.
      return { status: 202, headers: JSON_TYPE, body: `{"id":${JSON.stringify(await acceptHook(ctx, input))}}` }
    } catch (caught) {
      const error = refusal(caught) ?? internal(caught, input)
      return { status: error.status, headers: { ...JSON_TYPE, ...error.headers }, body: JSON.stringify({ error: { code: error.code, message: error.message } }) }
    }
  }
  return Object.assign(handler, { hook })

  /** The `HttpError` a thrown error answers as, or null for an unexpected one (a 500). */
  function refusal(error: unknown): HttpError | null {
    if (error instanceof HttpError) return error
    // Core's own checks (a payload schema, an option out of a store's range) are the caller's fault too.
    if (error instanceof Error && error.name === 'ValidationError') return new HttpError(400, 'invalid_payload', error.message)
    if (error instanceof Error && error.name === 'InvalidOptionError') return new HttpError(400, 'invalid_field', error.message)
    return null
  }

  function internal(error: unknown, request: Request | HookInput): HttpError {
    options.onError?.(error, request)
    // The cause goes to onError, not to the client: store errors can name tables and hosts.
    return new HttpError(500, 'internal', 'internal server error')
  }

  async function answer(request: Request): Promise<Response> {
    let path = '/'
    try {
      const url = new URL(request.url)
      path = url.pathname
      if (prefix !== '') {
        if (path !== prefix && !path.startsWith(`${prefix}/`)) throw new HttpError(404, 'not_found', `no route for ${path}`)
        path = path.slice(prefix.length) || '/'
      }
      const { route, params } = router.match(request.method, path)
      if ((route.auth ?? 'bearer') === 'bearer') requireBearer(request, ctx.token)
      return await route.handler({ request, url, path, params })
    } catch (error) {
      return renderError(refusal(error) ?? internal(error, request), path)
    }
  }
}
