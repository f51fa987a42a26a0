import type { FastifyReply, FastifyRequest } from 'fastify'

/** Hop-by-hop and framing headers: Fastify computes its own for the bytes it sends. */
const SKIPPED_RESPONSE_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive'])

/**
 * Turns a Fastify request into a Web `Request` carrying the raw body bytes exactly as received
 * (webhook signatures are computed over those bytes, so nothing may be re-encoded).
 */
export function toWebRequest(request: FastifyRequest, signal?: AbortSignal): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, String(value))
  }
  const url = requestUrl(request)
  const method = request.method.toUpperCase()
  const body = method === 'GET' || method === 'HEAD' ? undefined : bodyBytes(request.body)
  return new Request(url, { method, headers, ...(body ? { body } : {}), ...(signal ? { signal } : {}) })
}

/**
 * The absolute URL of a request. The path is appended, not resolved: `new URL('//a/b', base)` would
 * read `a` as a host. A Host header that is no valid host falls back to `localhost`.
 */
function requestUrl(request: FastifyRequest): URL {
  const path = request.url.startsWith('/') ? request.url : `/${request.url}`
  try {
    return new URL(`${request.protocol}://${request.headers.host ?? 'localhost'}${path}`)
  } catch {
    return new URL(`http://localhost${path}`)
  }
}

function bodyBytes(body: unknown): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined
  if (Buffer.isBuffer(body)) return body.length === 0 ? undefined : new Uint8Array(body.buffer, body.byteOffset, body.length)
  // Only reachable if a parser outside our scope produced an object; re-encoding is the best left.
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body))
}

/** Copies a Web `Response` (status, headers, body bytes) onto a Fastify reply. */
export async function sendWebResponse(reply: FastifyReply, response: Response): Promise<FastifyReply> {
  reply.code(response.status)
  const cookies = response.headers.getSetCookie()
  response.headers.forEach((value, name) => {
    if (SKIPPED_RESPONSE_HEADERS.has(name) || name === 'set-cookie') return
    reply.header(name, value)
  })
  if (cookies.length > 0) reply.header('set-cookie', cookies)
  const bytes = response.body ? Buffer.from(await response.arrayBuffer()) : undefined
  return reply.send(bytes && bytes.length > 0 ? bytes : undefined)
}
