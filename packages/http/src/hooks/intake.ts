/**
 * Webhook intake (seed 000): check the request, store it as a job, answer 202 with the job id once
 * the insert committed. Framework-neutral and free of Web `Request`/`Response` objects: building
 * those (headers, a body stream, an abort signal) cost ~100 us per request, more than the rest of
 * intake together, so adapters that already hold the parsed request call `acceptHook` directly.
 */
import { isBearer, requireBearerHeader, safeEqual } from '../handler/auth.js'
import type { ApiContext } from '../handler/context.js'
import { HttpError } from '../handler/respond.js'
import type { AddManyItem } from '../queue-api.js'
import type { HookConfig } from './config.js'
import { DEFAULT_SIGNATURE_HEADER, verifySignature } from './signature.js'

/** A webhook request as a server already holds it: the path parsed, the body read. */
export interface HookInput {
  method: string
  /** The `:name` segment of `/hooks/:name`, decoded. */
  name: string
  /** The `:secret` segment of `/hooks/:name/:secret`, decoded; absent on `/hooks/:name`. */
  secret?: string
  /** The request's path as received (mount prefix included, no query); stored without the secret segment. */
  path: string
  /** The query string without its `?`; `''` when there is none. */
  query: string
  /** Lower-cased names, as node:http's `IncomingHttpHeaders`; a repeated header as an array. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>
  /** The raw body bytes, already capped at the body limit by the caller. */
  body: Uint8Array
}

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

let lastReceivedMs = Number.NaN
let lastReceivedAt = ''

/**
 * `new Date().toISOString()`, made once per millisecond: a webhook server under load receives many
 * requests in the same one, and the conversion (~0.5 us) was a tenth of intake's own JavaScript.
 */
export function receivedAtNow(): string {
  const ms = Date.now()
  if (ms !== lastReceivedMs) {
    lastReceivedMs = ms
    lastReceivedAt = new Date(ms).toISOString()
  }
  return lastReceivedAt
}

/** The methods a hook accepts. */
export const HOOK_METHODS: readonly string[] = ['POST', 'PUT', 'PATCH']

function unauthorized(message: string): HttpError {
  return new HttpError(401, 'unauthorized', message)
}

function headerValue(headers: HookInput['headers'], name: string): string | undefined {
  const value = headers[name]
  return value === undefined || typeof value === 'string' ? value : value.join(', ')
}

// Object.fromEntries defines own properties, so a `__proto__` key is stored as data, not as a prototype.
function queryRecord(query: string): Record<string, string | string[]> {
  if (query === '') return {}
  const params = new URLSearchParams(query)
  return Object.fromEntries(
    [...new Set(params.keys())].map((key) => {
      const values = params.getAll(key)
      return [key, values.length === 1 ? (values[0] as string) : values]
    }),
  )
}

function storedHeaders(headers: HookInput['headers']): Record<string, string> {
  const stored: Record<string, string> = {}
  for (const name of Object.keys(headers)) {
    if (DROPPED_HEADERS.has(name)) continue
    const value = headerValue(headers, name)
    if (value === undefined) continue
    // A `__proto__` header is data: assigning it would set the object's prototype instead.
    if (name === '__proto__') Object.defineProperty(stored, name, { value, enumerable: true, writable: true, configurable: true })
    else stored[name] = value
  }
  return stored
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

/**
 * The checks that need no body: the hook exists, and a hook without a secret gets the bearer token
 * (when one is set). Throws 404 or 401 as `HttpError`; lets a caller refuse before reading a body.
 */
export function admitHook(ctx: ApiContext, input: Omit<HookInput, 'body' | 'query' | 'method'>): HookConfig {
  const hook = Object.hasOwn(ctx.hooks, input.name) ? ctx.hooks[input.name] : undefined
  if (hook === undefined) throw new HttpError(404, 'not_found', `no hook named ${input.name}`)
  if (input.secret !== undefined && hook.secret === undefined) throw new HttpError(404, 'not_found', `no route for ${input.path}`)
  if (hook.secret === undefined) requireBearerHeader(headerValue(input.headers, 'authorization'), ctx.token)
  return hook
}

/**
 * Checks a hook request (`admitHook`, then the body limit and the path secret or signature), stores
 * it through the group commit and resolves with the job id once the insert committed. Throws
 * `HttpError` for a request it refuses (404, 401, 413), before anything is stored.
 */
export async function acceptHook(ctx: ApiContext, input: HookInput): Promise<string> {
  const { name, secret: pathSecret, body } = input
  const hook = admitHook(ctx, input)
  if (body.byteLength > ctx.bodyLimit) throw new HttpError(413, 'body_too_large', `request body exceeds ${ctx.bodyLimit} bytes`)
  if (hook.secret !== undefined && pathSecret !== undefined) {
    if (!safeEqual(pathSecret, hook.secret)) throw unauthorized(`wrong secret for hook ${name}`)
  } else if (hook.secret !== undefined) {
    const header = hook.signatureHeader ?? DEFAULT_SIGNATURE_HEADER
    const signature = headerValue(input.headers, header.toLowerCase()) ?? null
    const bearer = ctx.token !== undefined && ctx.token !== '' && isBearer(headerValue(input.headers, 'authorization'), ctx.token)
    if (!bearer && !verifySignature({ ...hook, secret: hook.secret }, body, signature)) {
      throw unauthorized(signature === null ? `missing ${header} signature for hook ${name}` : `invalid ${header} signature for hook ${name}`)
    }
  }

  const path = pathSecret === undefined ? input.path : input.path.slice(0, input.path.replace(/\/+$/, '').lastIndexOf('/'))
  const stored: HookRequest = {
    hook: name,
    method: input.method,
    path,
    query: queryRecord(input.query),
    headers: storedHeaders(input.headers),
    body: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64'),
    receivedAt: receivedAtNow(),
  }
  const job = await ctx.intake.submit(hookJob(name, hook, stored))
  return job.id
}
