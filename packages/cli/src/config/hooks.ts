import { UsageError } from '../errors.js'

/** A declared webhook (`POST /hooks/:name`); every field optional. */
export interface HookConfig {
  /** Forward each request to this URL as an `http` job (with retries). */
  forward?: string
  /** HMAC-SHA256 secret of the raw body, or the last path segment for senders that sign nothing. */
  secret?: string
  /** Header carrying the signature; default `X-Hub-Signature-256`. */
  signatureHeader?: string
  /** Prefix before the hex digest; default `sha256=`. */
  signaturePrefix?: string
  /** Queue the intake jobs go to. */
  queue?: string
}

const HOOK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const HOOK_FIELDS = ['forward', 'secret', 'signatureHeader', 'signaturePrefix', 'queue'] as const

/** Parses one `--hook NAME[=FORWARD_URL]` flag. */
export function parseHookFlag(text: string): [string, HookConfig] {
  const eq = text.indexOf('=')
  const name = eq === -1 ? text : text.slice(0, eq)
  const forward = eq === -1 ? undefined : text.slice(eq + 1)
  checkHookName(name, '--hook')
  if (forward !== undefined) checkUrl(forward, `--hook ${name}`)
  return [name, forward === undefined ? {} : { forward }]
}

/** Validates a config file's `hooks` section. */
export function parseHooksSection(section: unknown, where: string): Record<string, HookConfig> {
  if (section === undefined) return {}
  if (!isRecord(section)) throw new UsageError(`${where}: "hooks" must be an object of { name: { forward?, secret?, signatureHeader? } }`)
  const hooks: Record<string, HookConfig> = {}
  for (const [name, value] of Object.entries(section)) {
    checkHookName(name, `${where}: hooks`)
    if (value === null || value === true) {
      hooks[name] = {}
      continue
    }
    if (!isRecord(value)) throw new UsageError(`${where}: hooks.${name} must be an object`)
    const hook: HookConfig = {}
    for (const [field, fieldValue] of Object.entries(value)) {
      if (!(HOOK_FIELDS as readonly string[]).includes(field)) {
        throw new UsageError(`${where}: hooks.${name}.${field} is not a hook setting (known: ${HOOK_FIELDS.join(', ')})`)
      }
      if (typeof fieldValue !== 'string' || fieldValue === '') {
        throw new UsageError(`${where}: hooks.${name}.${field} must be a non-empty string`)
      }
      hook[field as (typeof HOOK_FIELDS)[number]] = fieldValue
    }
    if (hook.forward !== undefined) checkUrl(hook.forward, `${where}: hooks.${name}.forward`)
    hooks[name] = hook
  }
  return hooks
}

/** Config hooks first, then `--hook` flags over them (a flag's forward URL wins, the secret stays). */
export function mergeHooks(fromConfig: Record<string, HookConfig>, flags: readonly string[]): Record<string, HookConfig> {
  const hooks: Record<string, HookConfig> = { ...fromConfig }
  for (const flag of flags) {
    const [name, hook] = parseHookFlag(flag)
    hooks[name] = { ...hooks[name], ...hook }
  }
  return hooks
}

function checkHookName(name: string, where: string): void {
  if (!HOOK_NAME.test(name)) throw new UsageError(`${where}: invalid hook name "${name}" (letters, digits, _ . -)`)
}

function checkUrl(text: string, where: string): void {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`${where}: invalid forward URL "${text}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${where}: forward URL must be http(s), got "${text}"`)
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
