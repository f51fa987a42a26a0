/**
 * Webhook intake (seed 000): store the request, answer 202 with the job id once the insert
 * committed, process it later. Concurrent requests share one insert through the intake batcher.
 */
import { hasBearer, requireBearer, safeEqual } from '../handler/auth.js'
import { readBody } from '../handler/body.js'
import type { ApiContext } from '../handler/context.js'
import { HttpError, json } from '../handler/respond.js'
import type { Route, RouteRequest } from '../handler/router.js'
import type { HookConfig } from '../hooks/config.js'
import { DEFAULT_SIGNATURE_HEADER, verifySignature } from '../hooks/signature.js'
import type { AddManyItem } from '../queue-api.js'

/** The stored request, the payload of a `hook.<name>` job. */
export interface HookRequest {
  hook: string
  method: string
  /** The path without the secret segment. */
  path: string
  query: Record<string, string | string[]>
  /** Lower-cased names; `authorization` and `cookie` are not stored. */
  headers: Record<string, string>
  /** The raw body bytes, base64. */
  body: string
  receivedAt: string
}

/** The job name of a hook's jobs when it does not forward. */
export function hookJobName(name: string): string {
  return `hook.${name}`
}

/**
 * The queue of a hook's jobs when it does not forward and names no `queue`. A queue of its own, so
 * the server's worker (handlers `http` and `exec`, queue `default`) never claims and fails them: they
 * wait there for the application's worker (`queues: ['hooks']`).
 */
export const HOOKS_QUEUE = 'hooks'

/** The queue of a forwarded hook's `http` jobs when it names no `queue`: the one the server's worker runs. */
export const FORWARD_QUEUE = 'default'

/** Headers that carry our own credentials and must not land in the job table. */
const DROPPED_HEADERS = new Set(['authorization', 'cookie'])
const BODY_METHODS = ['POST', 'PUT', 'PATCH']

// Object.fromEntries defines own properties, so a `__proto__` key is stored as data, not as a prototype.
function queryRecord(url: URL): Record<string, string | string[]> {
  return Object.fromEntries(
    [...new Set(url.searchParams.keys())].map((key) => {
      const values = url.searchParams.getAll(key)
      return [key, values.length === 1 ? (values[0] as string) : values]
    }),
  )
}

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message)
}

/** The job a hook request becomes. */
export function hookJob(name: string, hook: HookConfig, request: HookRequest): AddManyItem {
  if (hook.forward === undefined) return { name: hookJobName(name), payload: request, options: { queue: hook.queue ?? HOOKS_QUEUE } }
  const options = { queue: hook.queue ?? FORWARD_QUEUE }
  const headers: Record<string, string> = {}
  const contentType = request.headers['content-type']
  if (contentType !== undefined) headers['content-type'] = contentType
  const { body, ...meta } = request
  return {
    name: 'http',
    payload: { command: { type: 'http', url: hook.forward, method: 'POST', headers, bodyBase64: body }, context: `hook:${name}`, hook: meta },
    options,
  }
}

/** The webhook routes. */
export function hookRoutes(ctx: ApiContext): Route[] {
  async function intake({ request, url, params }: RouteRequest): Promise<Response> {
    const name = params.name as string
    const hook = Object.hasOwn(ctx.hooks, name) ? ctx.hooks[name] : undefined
    if (hook === undefined) throw new HttpError(404, 'not_found', `no hook named ${name}`)
    const pathSecret = params.secret
    if (pathSecret !== undefined && hook.secret === undefined) throw new HttpError(404, 'not_found', `no route for ${url.pathname}`)

    let body: Uint8Array
    if (hook.secret === undefined) {
      requireBearer(request, ctx.token)
      body = await readBody(request, ctx.bodyLimit)
    } else if (pathSecret !== undefined) {
      if (!safeEqual(pathSecret, hook.secret)) throw unauthorized(`wrong secret for hook ${name}`)
      body = await readBody(request, ctx.bodyLimit)
    } else {
      body = await readBody(request, ctx.bodyLimit)
      const header = hook.signatureHeader ?? DEFAULT_SIGNATURE_HEADER
      const signature = request.headers.get(header)
      const bearer = ctx.token !== undefined && ctx.token !== '' && hasBearer(request, ctx.token)
      if (!bearer && !verifySignature({ ...hook, secret: hook.secret }, body, signature)) {
        throw unauthorized(signature === null ? `missing ${header} signature for hook ${name}` : `invalid ${header} signature for hook ${name}`)
      }
    }

    const headers: Record<string, string> = Object.fromEntries([...request.headers].filter(([key]) => !DROPPED_HEADERS.has(key)))
    const stored: HookRequest = {
      hook: name,
      method: request.method,
      path: pathSecret === undefined ? url.pathname : url.pathname.slice(0, url.pathname.replace(/\/+$/, '').lastIndexOf('/')),
      query: queryRecord(url),
      headers,
      body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'),
      receivedAt: new Date().toISOString(),
    }
    const job = await ctx.intake.submit(hookJob(name, hook, stored))
    return json(202, { id: job.id })
  }

  return BODY_METHODS.flatMap((method) => [
    { method, pattern: '/hooks/:name', handler: intake, auth: 'self' as const },
    { method, pattern: '/hooks/:name/:secret', handler: intake, auth: 'self' as const },
  ])
}
