/**
 * Webhook intake over Web `Request`/`Response`: the route adapts the request to a `HookInput` and
 * leaves the checks and the store to `acceptHook` (hooks/intake.ts), which adapters holding a
 * parsed request call directly. Concurrent requests share one insert through the intake batcher.
 */
import { readBody } from '../handler/body.js'
import type { ApiContext } from '../handler/context.js'
import { json } from '../handler/respond.js'
import type { Route, RouteRequest } from '../handler/router.js'
import { acceptHook, admitHook, HOOK_METHODS, type HookInput } from '../hooks/intake.js'

/** A Web request's headers as a record of lower-cased names (`Headers` already joins repeats with `, `). */
function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {}
  // defineProperty, not assignment: a `__proto__` header is stored as data, not as a prototype.
  for (const [name, value] of headers) Object.defineProperty(record, name, { value, enumerable: true, writable: true, configurable: true })
  return record
}

/** The webhook routes. */
export function hookRoutes(ctx: ApiContext): Route[] {
  async function intake({ request, url, params }: RouteRequest): Promise<Response> {
    const input: Omit<HookInput, 'body'> = {
      method: request.method,
      name: params.name as string,
      ...(params.secret !== undefined ? { secret: params.secret } : {}),
      path: url.pathname,
      query: url.search.slice(1),
      headers: headerRecord(request.headers),
    }
    // Refuse an unknown hook or a missing token before reading a byte of the body.
    admitHook(ctx, input)
    const body = await readBody(request, ctx.bodyLimit)
    return json(202, { id: await acceptHook(ctx, { ...input, body }) })
  }

  return HOOK_METHODS.flatMap((method) => [
    { method, pattern: '/hooks/:name', handler: intake, auth: 'self' as const },
    { method, pattern: '/hooks/:name/:secret', handler: intake, auth: 'self' as const },
  ])
}
