/**
 * HMAC-SHA256 request signing between a worker and a Next.js job route (after Stripe's webhook
 * signatures): the signature covers `${timestamp}.${body}`, so a body cannot be replayed under a new
 * timestamp, and a timestamp older than the tolerance is refused, so a captured request goes stale.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

/** Header carrying the signing time, in milliseconds since the epoch. */
export const TIMESTAMP_HEADER = 'x-queue-timestamp'
/** Header carrying `v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'x-queue-signature'
/** Default tolerance for clock skew plus transit: 5 minutes, Stripe's choice. */
export const DEFAULT_TOLERANCE_MS = 5 * 60_000
/** Shorter secrets are refused: 16 bytes is the least for an HMAC key that resists guessing. */
export const MIN_SECRET_LENGTH = 16

/** Throws a TypeError unless `secret` is a string of at least 16 characters. */
export function assertSecret(secret: unknown, where: string): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(`${where}: secret must be a string of at least ${MIN_SECRET_LENGTH} characters`)
  }
}

/** The hex signature of `body` at `timestamp`. */
export function sign(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

/** The two headers a signed request carries. */
export function signatureHeaders(secret: string, body: string, now = Date.now()): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(now), [SIGNATURE_HEADER]: `v1=${sign(secret, now, body)}` }
}

/** Why a signature was refused. */
export type SignatureProblem = 'missing' | 'malformed' | 'stale' | 'mismatch'

/** Checks the headers against the body; null when they are valid. */
export function verifySignature(params: {
  secret: string
  body: string
  timestamp: string | null
  signature: string | null
  toleranceMs?: number
  now?: number
}): SignatureProblem | null {
  const { secret, body, timestamp, signature } = params
  if (timestamp === null || signature === null) return 'missing'
  if (!/^\d{1,16}$/.test(timestamp)) return 'malformed'
  const match = /^v1=([0-9a-f]{64})$/.exec(signature.trim())
  if (match === null) return 'malformed'
  const at = Number(timestamp)
  const now = params.now ?? Date.now()
  if (Math.abs(now - at) > (params.toleranceMs ?? DEFAULT_TOLERANCE_MS)) return 'stale'
  const expected = Buffer.from(sign(secret, at, body), 'hex')
  const given = Buffer.from(match[1] as string, 'hex')
  return timingSafeEqual(expected, given) ? null : 'mismatch'
}
