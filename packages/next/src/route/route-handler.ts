/**
 * The queue's HTTP API as Next.js App Router handlers: one catch-all route file serves the same
 * framework-neutral handler as the queue server (`@queue/http`), mounted where the file lives.
 */
import { createHttpHandler } from '@queue/http'
import type { Queue } from '@queue/core'

/** The options `createHttpHandler` takes besides the queue, the token and the prefix. */
type HttpOptions = Omit<Parameters<typeof createHttpHandler>[0], 'queue' | 'token' | 'prefix'>

/** Decides whether a request may use the API; `false` answers 401. */
export type RouteAuth = (request: Request) => boolean | Promise<boolean>

export interface RouteHandlerOptions extends HttpOptions {
  /**
   * The Queue, or a function that opens it on the first request — so `next build`, which loads
   * route modules to collect page data, never opens the database.
   */
  queue: Queue | (() => Queue | Promise<Queue>)
  /** A bearer token the requests must carry, or a function deciding per request. Default: open. */
  auth?: string | RouteAuth
  /**
   * Where the route is mounted, e.g. `/api/queue`. Default: found from the request path and the
   * catch-all segments, so `app/api/queue/[...path]/route.ts` serves `/api/queue/api/v1/jobs`.
   */
  prefix?: string
}

/** The second argument Next passes to a route handler; `params` is a Promise since Next 15. */
export interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>> | Record<string, string | string[] | undefined>
}

export type NextRouteHandler = (request: Request, context?: RouteContext) => Promise<Response>

export interface RouteHandlers {
  GET: NextRouteHandler
  HEAD: NextRouteHandler
  POST: NextRouteHandler
  PUT: NextRouteHandler
  PATCH: NextRouteHandler
  DELETE: NextRouteHandler
}

function unauthorized(): Response {
  return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'not allowed' } }), {
    status: 401,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
}

/** The mount prefix: the request path without its trailing catch-all segments. */
async function prefixOf(request: Request, context: RouteContext | undefined): Promise<string> {
  const pathname = new URL(request.url).pathname.replace(/\/+$/, '')
  const params = context ? await context.params : {}
  const catchAll = Object.values(params).find(Array.isArray)
  if (catchAll === undefined) return pathname
  const rest = catchAll.map((segment) => `/${encodeURIComponent(segment)}`).join('')
  const raw = catchAll.join('/')
  if (pathname.endsWith(rest)) return pathname.slice(0, pathname.length - rest.length)
  // Next may hand over decoded segments; compare against the decoded path then.
  const decoded = decodeURIComponent(pathname)
  return decoded.endsWith(`/${raw}`) ? pathname.slice(0, pathname.length - raw.length - 1) : pathname
}

/**
 * Creates the handlers of the queue's REST API for a catch-all route:
 * ```ts
 * // app/api/queue/[...path]/route.ts
 * export const { GET, POST, DELETE } = createRouteHandler({ queue: getQueue, auth: process.env.QUEUE_TOKEN })
 * ```
 */
export function createRouteHandler(options: RouteHandlerOptions): RouteHandlers {
  if (typeof options !== 'object' || options === null || options.queue === undefined || options.queue === null) {
    throw new TypeError('createRouteHandler: options.queue must be a Queue or a function returning one')
  }
  const { queue: source, auth, prefix, ...http } = options
  if (auth !== undefined && typeof auth !== 'string' && typeof auth !== 'function') {
    throw new TypeError('createRouteHandler: auth must be a bearer token string or a function (request) => boolean')
  }
  const token = typeof auth === 'string' ? auth : undefined
  let queue: Promise<Queue> | undefined
  const handlers = new Map<string, (request: Request) => Promise<Response>>()

  async function handlerFor(mount: string): Promise<(request: Request) => Promise<Response>> {
    let handler = handlers.get(mount)
    if (handler === undefined) {
      queue ??= Promise.resolve(typeof source === 'function' ? source() : source)
      handler = createHttpHandler({ ...http, queue: await queue, token, prefix: mount })
      handlers.set(mount, handler)
    }
    return handler
  }

  const handle: NextRouteHandler = async (request, context) => {
    if (typeof auth === 'function' && !(await auth(request))) return unauthorized()
    const mount = prefix ?? (await prefixOf(request, context))
    return (await handlerFor(mount))(request)
  }

  return { GET: handle, HEAD: handle, POST: handle, PUT: handle, PATCH: handle, DELETE: handle }
}
