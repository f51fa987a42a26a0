/** A small path router: exact segments and `:param` segments, 404 for unknown paths, 405 for wrong methods. */
import { HttpError } from './respond.js'

/** What a route handler receives. */
export interface RouteRequest {
  request: Request
  url: URL
  /** The path after the mount prefix, starting with `/`. */
  path: string
  params: Record<string, string>
}

export type RouteHandler = (req: RouteRequest) => Promise<Response>

export interface Route {
  method: string
  /** e.g. `/api/v1/jobs/:id/retry` */
  pattern: string
  handler: RouteHandler
  /** `bearer` (default): the token is checked before the handler runs; `none`: public; `self`: the handler checks. */
  auth?: 'bearer' | 'none' | 'self'
}

interface CompiledRoute extends Route {
  segments: string[]
}

/** Matches `path` against the routes; throws 404 / 405 as `HttpError`. */
export class Router {
  private readonly routes: CompiledRoute[]

  constructor(routes: Route[]) {
    this.routes = routes.map((route) => ({ ...route, segments: split(route.pattern) }))
  }

  /** The route and params for a request, or an `HttpError`. HEAD is served by GET routes. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } {
    const segments = split(path)
    const allowed = new Set<string>()
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments)
      if (params === null) continue
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { route, params }
      allowed.add(route.method)
    }
    if (allowed.size === 0) throw new HttpError(404, 'not_found', `no route for ${path}`)
    if (allowed.has('GET')) allowed.add('HEAD')
    const allow = [...allowed].join(', ')
    throw new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${path}; allowed: ${allow}`, { allow })
  }
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '')
}

function matchSegments(pattern: string[], path: string[]): Record<string, string> | null {
  if (pattern.length !== path.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i] as string
    const got = path[i] as string
    if (want.startsWith(':')) {
      let value: string
      try {
        value = decodeURIComponent(got)
      } catch {
        return null
      }
      params[want.slice(1)] = value
    } else if (want !== got) {
      return null
    }
  }
  return params
}
