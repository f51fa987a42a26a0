/** Bearer-token checks, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto'
import { HttpError } from './respond.js'

/** Compares two strings in time independent of where they differ (hashing first hides the length). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest()
  const hb = createHash('sha256').update(b).digest()
  return timingSafeEqual(ha, hb) && a.length === b.length
}

/** True when the request carries `Authorization: Bearer <token>`. */
export function hasBearer(request: Request, token: string): boolean {
  const header = request.headers.get('authorization')
  if (header === null) return false
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match !== null && safeEqual(match[1] as string, token)
}

/** Throws 401 unless no token is configured or the request carries it. */
export function requireBearer(request: Request, token: string | undefined): void {
  if (token === undefined || token === '') return
  if (hasBearer(request, token)) return
  const present = request.headers.has('authorization')
  throw new HttpError(
    401,
    'unauthorized',
    present ? 'invalid bearer token' : 'missing Authorization: Bearer <token> header',
    { 'www-authenticate': 'Bearer' },
  )
}
