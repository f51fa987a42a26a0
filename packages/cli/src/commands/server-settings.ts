import { parseDuration } from '../args/duration.js'
import { parseInteger, splitList } from '../args/values.js'
import type { ConfigFile } from '../config/file.js'
import { HookConfigError, parseHookConfig, type HookConfig } from '@queue/http'
import { CliError, UsageError } from '../errors.js'
import { DEFAULT_DB } from '../store/url.js'

/** Everything `queue server` runs with, after flags, env and config file are combined. */
export interface ServerSettings {
  db: string
  tablePrefix: string | undefined
  host: string
  port: number
  token: string | undefined
  maxThreads: number
  allowExec: string[]
  hooks: Record<string, HookConfig>
  /** The queues the server's worker claims; default `['default']` (hook jobs without forward wait in `hooks`). */
  queues: string[]
  graceMs: number
  /** Serve the web dashboard at /dashboard. */
  dashboard: boolean
}

export const DEFAULT_HOST = '127.0.0.1'
export const DEFAULT_PORT = 3000
export const DEFAULT_MAX_THREADS = 20
/**
 * The server's worker has only the `http` and `exec` handlers, so it claims only the queue those jobs
 * go to by default; a `hook.<name>` job (queue `hooks`) would otherwise be failed for want of a handler.
 */
export const DEFAULT_SERVER_QUEUES: readonly string[] = ['default']

/** Flags win over env (`QUEUE_DB`, `QUEUE_TOKEN`), env over the config file, the file over defaults. */
export function resolveServerSettings(values: Record<string, unknown>, env: NodeJS.ProcessEnv, config: ConfigFile = {}): ServerSettings {
  const flag = (name: string) => values[name] as string | undefined
  const port = flag('port')
  const maxThreads = flag('max-threads')
  const allowExec = splitList(values['allow-exec'] as string[] | undefined)
  const queues = splitList(values.queues as string[] | undefined)
  const tooLong = queues.find((queue) => queue.length > 255)
  if (tooLong !== undefined) throw new UsageError(`--queues: a queue name has at most 255 characters, got ${tooLong.length}`)
  return {
    db: flag('db') ?? nonEmpty(env.QUEUE_DB) ?? config.db ?? DEFAULT_DB,
    tablePrefix: flag('table-prefix') ?? nonEmpty(env.QUEUE_TABLE_PREFIX) ?? config.tablePrefix,
    host: flag('host') ?? config.host ?? DEFAULT_HOST,
    port: port !== undefined ? parseInteger(port, '--port', { max: 65_535 }) : (config.port ?? DEFAULT_PORT),
    token: nonEmpty(flag('token')) ?? nonEmpty(env.QUEUE_TOKEN) ?? config.token,
    maxThreads:
      maxThreads !== undefined ? parseInteger(maxThreads, '--max-threads', { min: 1, max: 10_000 }) : (config.maxThreads ?? DEFAULT_MAX_THREADS),
    allowExec: allowExec.length > 0 ? allowExec : (config.allowExec ?? []),
    hooks: mergeHookFlags(config.hooks ?? {}, (values.hook as string[] | undefined) ?? []),
    queues: queues.length > 0 ? queues : [...(config.queues ?? DEFAULT_SERVER_QUEUES)],
    graceMs: flag('grace') !== undefined ? parseDuration(flag('grace')!, '--grace') : 10_000,
    dashboard: values['no-dashboard'] === true ? false : (config.dashboard ?? true),
  }
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h)
}

/** The server refuses to be reachable from other machines, or to run programs, without a token. */
export function checkExposure(settings: ServerSettings): void {
  if (settings.token !== undefined) return
  if (!isLoopback(settings.host)) {
    throw new CliError(`queue server: refusing to listen on ${settings.host} without a token; set --token or QUEUE_TOKEN (or keep --host 127.0.0.1)`)
  }
  if (settings.allowExec.length > 0) {
    throw new CliError('queue server: refusing to enable exec commands without a token; set --token or QUEUE_TOKEN')
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

/** `--hook NAME[=FORWARD_URL]` flags over the config file's hooks: a flag sets `forward`, the secret stays. */
export function mergeHookFlags(fromConfig: Record<string, HookConfig>, flags: readonly string[]): Record<string, HookConfig> {
  try {
    return parseHookConfig({ config: fromConfig, flags })
  } catch (error) {
    if (error instanceof HookConfigError) throw new UsageError(`--hook: ${error.message}`)
    throw error
  }
}
