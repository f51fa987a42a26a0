/** Verifying webhook signatures: HMAC-SHA256 of the raw body, compared in constant time. */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { HookConfig } from './config.js'

/** GitHub's header and prefix, the default. */
export const DEFAULT_SIGNATURE_HEADER = 'x-hub-signature-256'
export const DEFAULT_SIGNATURE_PREFIX = 'sha256='

/** The signature a sender would put in the header for `body` (handy for tests and clients). */
export function signBody(secret: string, body: Uint8Array | string, hook: Pick<HookConfig, 'signaturePrefix' | 'signatureEncoding'> = {}): string {
  const digest = createHmac('sha256', secret).update(body).digest(hook.signatureEncoding ?? 'hex')
  return `${hook.signaturePrefix ?? DEFAULT_SIGNATURE_PREFIX}${digest}`
}

/** True when `header` is a valid signature of `body` under the hook's secret. */
export function verifySignature(hook: HookConfig & { secret: string }, body: Uint8Array, header: string | null): boolean {
  if (header === null) return false
  const prefix = hook.signaturePrefix ?? DEFAULT_SIGNATURE_PREFIX
  const value = header.trim()
  if (!value.toLowerCase().startsWith(prefix.toLowerCase())) return false
  const given = value.slice(prefix.length)
  const encoding = hook.signatureEncoding ?? 'hex'
  if (encoding === 'hex' && !/^[0-9a-fA-F]+$/.test(given)) return false
  const expected = createHmac('sha256', hook.secret).update(body).digest()
  const provided = Buffer.from(encoding === 'hex' ? given.toLowerCase() : given, encoding)
  return provided.length === expected.length && timingSafeEqual(provided, expected)
}
