/** `dashboardResponse` and `createDashboardHandler`: the dashboard page as a framework-neutral `Request -> Response`. */
import { renderPage } from '../page/html.js'

/** Options of the dashboard page. */
export interface DashboardOptions {
  /**
   * Where the @queue HTTP API is mounted, as seen from the browser: `''` for `/api/v1/...` at the root,
   * `/queue` when the API answers at `/queue/api/v1/...`, or an absolute URL on the same origin.
   */
  apiBase: string
  /** The page title and heading. Default `queue dashboard`. */
  title?: string
  /** How often the page refreshes, in milliseconds. Default 2000, at least 500. */
  pollMs?: number
}

/** The default refresh interval: live enough to watch a queue drain, ~4 small requests per tick. */
export const DEFAULT_POLL_MS = 2000

/** A fresh 128-bit nonce; Web Crypto, so the page also renders on edge runtimes. */
function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * The Content-Security-Policy of the page: nothing loads from anywhere, the inline script and style
 * run only with this response's nonce, and `fetch` may reach this origin only.
 */
export function dashboardCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * The dashboard page: one self-contained HTML document (inline script and style, no external
 * resources) that reads everything from the REST API at `apiBase` in the browser. The page itself
 * holds no job data, so it can be served without credentials; the browser asks for the bearer token
 * when the API answers 401 and sends it with every data request.
 */
export function dashboardResponse(options: DashboardOptions): Response {
  const nonce = createNonce()
  const html = renderPage({
    nonce,
    apiBase: options.apiBase.replace(/\/+$/, ''),
    title: options.title ?? 'queue dashboard',
    pollMs: Math.max(500, Math.floor(options.pollMs ?? DEFAULT_POLL_MS)),
  })
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': dashboardCsp(nonce),
      // A fresh nonce per answer: a cached copy would carry a stale one.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    },
  })
}

/** Options of `createDashboardHandler`. */
export interface DashboardHandlerOptions extends Partial<DashboardOptions> {}

/**
 * A `Request -> Response` handler for the dashboard, for any framework that speaks Web requests
 * (Next route handlers, Hono, Bun, a node:http bridge). It answers GET and HEAD with the page and
 * 405 otherwise. Without `apiBase`, the API is taken to live beside the page: a page requested at
 * `/queue/dashboard` reads `/queue/api/v1/...`.
 */
export function createDashboardHandler(options: DashboardHandlerOptions = {}): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(JSON.stringify({ error: { code: 'method_not_allowed', message: `${request.method} is not allowed on the dashboard; allowed: GET, HEAD` } }), {
        status: 405,
        headers: { 'content-type': 'application/json; charset=utf-8', allow: 'GET, HEAD' },
      })
    }
    const apiBase = options.apiBase ?? new URL(request.url).pathname.replace(/\/+$/, '').replace(/\/[^/]*$/, '')
    const response = dashboardResponse({ ...options, apiBase })
    if (request.method === 'GET') return response
    return new Response(null, { status: response.status, headers: response.headers })
  }
}
