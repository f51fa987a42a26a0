/** Bearer-token checks, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto'
import { HttpError } from './respond.js'

/** Compares two strings in time independent of where they differ (hashing first hides the length). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb) && a.length === b.length
}

/** True when an `Authorization` header value is `Bearer <token>`. */
export function isBearer(header: string | null | undefined, token: string): boolean {
  if (header === null || header === undefined) return false
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match !== null && safeEqual(match[1] as string, token)
}

/** True when the request carries `Authorization: Bearer <token>`. */
export function hasBearer(request: Request, token: string): boolean {
  return isBearer(request.headers.get('authorization'), token)
}

/** Throws 401 unless no token is configured or the `Authorization` header value carries it. */
export function requireBearerHeader(header: string | null | undefined, token: string | undefined): void {
  if (token === undefined || token === '') return
  if (isBearer(header, token)) return
  throw new HttpError(
    401,
    'unauthorized',
    header !== null && header !== undefined ? 'invalid bearer token' : 'missing Authorization: Bearer <token> header',
    { 'www-authenticate': 'Bearer' },
  )
}

/** Throws 401 unless no token is configured or the request carries it. */
export function requireBearer(request: Request, token: string | undefined): void {
  requireBearerHeader(request.headers.get('authorization'), token)
}
