/** Declared webhooks: `--hook NAME[=FORWARD_URL]` flags and the `hooks` section of a config file. */
import { isRecord } from '../handler/body.js'

/** One declared webhook. Every field is optional. */
export interface HookConfig {
  /** Forward each request's body and content-type to this URL as an `http` job (with retries). */
  forward?: string
  /** Accept requests signed with this secret (HMAC-SHA256 of the raw body) or carrying it as the last path segment. */
  secret?: string
  /** The header holding the signature; default `x-hub-signature-256` (GitHub). */
  signatureHeader?: string
  /** What precedes the hex digest in that header; default `sha256=`. Use `''` for a bare digest. */
  signaturePrefix?: string
  /** How the digest is written; default `hex`. */
  signatureEncoding?: 'hex' | 'base64'
  /**
   * The queue the hook's jobs go to. Default `hooks` for a hook without `forward` (its `hook.<name>`
   * jobs wait there for your own worker) and `default` for a forwarded one (its `http` jobs run on the
   * server's worker).
   */
  queue?: string
}

/** A hook declaration that cannot be used; the message names the hook and field. */
export class HookConfigError extends Error {
  override readonly name = 'HookConfigError'
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new HookConfigError(`hook name "${name}" must start with a letter or digit and contain only letters, digits, ".", "_" and "-"`)
  }
}

function checkUrl(name: string, url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new HookConfigError(`hook "${name}": forward must be an absolute URL, got "${url}"`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new HookConfigError(`hook "${name}": forward must use http or https, got "${url}"`)
  }
}

/** Validates one hook's config object (as found in a config file). */
export function validateHookConfig(name: string, value: unknown): HookConfig {
  checkName(name)
  if (value === null || value === undefined || value === true) return {}
  if (typeof value === 'string') {
    checkUrl(name, value)
    return { forward: value }
  }
  if (!isRecord(value)) throw new HookConfigError(`hook "${name}" must be an object`)
  const hook: HookConfig = {}
  for (const key of Object.keys(value)) {
    if (!['forward', 'secret', 'signatureHeader', 'signaturePrefix', 'signatureEncoding', 'queue'].includes(key)) {
      throw new HookConfigError(`hook "${name}": unknown field "${key}"`)
    }
  }
  for (const key of ['forward', 'secret', 'signatureHeader', 'signaturePrefix', 'queue'] as const) {
    const field = value[key]
    if (field === undefined) continue
    if (typeof field !== 'string') throw new HookConfigError(`hook "${name}": ${key} must be a string`)
    hook[key] = field
  }
  if (hook.forward !== undefined) checkUrl(name, hook.forward)
  if (hook.secret === '') throw new HookConfigError(`hook "${name}": secret must not be empty`)
  if (hook.queue === '') throw new HookConfigError(`hook "${name}": queue must not be empty`)
  if (value.signatureEncoding !== undefined) {
    if (value.signatureEncoding !== 'hex' && value.signatureEncoding !== 'base64') {
      throw new HookConfigError(`hook "${name}": signatureEncoding must be "hex" or "base64"`)
    }
    hook.signatureEncoding = value.signatureEncoding
  }
  return hook
}

/** Parses one `NAME[=FORWARD_URL]` flag. */
export function parseHookFlag(flag: string): [string, HookConfig] {
  const eq = flag.indexOf('=')
  const name = eq === -1 ? flag : flag.slice(0, eq)
  checkName(name)
  if (eq === -1) return [name, {}]
  const url = flag.slice(eq + 1)
  checkUrl(name, url)
  return [name, { forward: url }]
}

/** Where hooks can be declared. */
export interface HookSources {
  /** `--hook NAME[=FORWARD_URL]` flags, repeatable. */
  flags?: readonly string[]
  /** The `hooks` section of a JSON config file: `{ "name": { "forward", "secret", ... } }`. */
  config?: unknown
}

/**
 * Builds the `hooks` option of `createHttpHandler` from flags and a config section. A flag for a
 * hook that the config also declares sets (overrides) its `forward` and keeps the other fields.
 * Throws `HookConfigError` with a one-line message for anything unusable.
 */
export function parseHookConfig(sources: HookSources): Record<string, HookConfig> {
  const hooks: Record<string, HookConfig> = {}
  if (sources.config !== undefined && sources.config !== null) {
    if (!isRecord(sources.config)) throw new HookConfigError('the hooks section must be an object of hook name -> hook config')
    for (const [name, value] of Object.entries(sources.config)) hooks[name] = validateHookConfig(name, value)
  }
  for (const flag of sources.flags ?? []) {
    const [name, hook] = parseHookFlag(flag)
    hooks[name] = { ...hooks[name], ...hook }
  }
  return hooks
}
