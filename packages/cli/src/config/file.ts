import { readFile } from 'node:fs/promises'
import { UsageError } from '../errors.js'
import { HookConfigError, parseHookConfig, type HookConfig } from '@queue/http'

/** `queue.config.json`: every server flag may also be set here; flags and env override it. */
export interface ConfigFile {
  db?: string
  tablePrefix?: string
  host?: string
  port?: number
  token?: string
  maxThreads?: number
  allowExec?: string[]
  hooks?: Record<string, HookConfig>
  /** The queues the server's worker claims (default `["default"]`). */
  queues?: string[]
  /** Serve the web dashboard at /dashboard (default true). */
  dashboard?: boolean
}

const KEYS = ['db', 'tablePrefix', 'host', 'port', 'token', 'maxThreads', 'allowExec', 'hooks', 'queues', 'dashboard'] as const

/** Reads and validates a config file; every problem is one line naming the file and the key. */
export async function loadConfig(path: string): Promise<ConfigFile> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new UsageError(`--config: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`--config: ${path} is not valid JSON: ${(error as Error).message}`)
  }
  return parseConfig(raw, path)
}

/** Validates a parsed config object. */
export function parseConfig(raw: unknown, where: string): ConfigFile {
  if (!isRecord(raw)) throw new UsageError(`${where}: the config must be a JSON object`)
  const config: ConfigFile = {}
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema') continue
    if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`${where}: unknown key "${key}" (known: ${KEYS.join(', ')})`)
    switch (key) {
      case 'db':
      case 'tablePrefix':
      case 'host':
      case 'token':
        if (typeof value !== 'string' || value === '') throw new UsageError(`${where}: "${key}" must be a non-empty string`)
        config[key] = value
        break
      case 'port':
      case 'maxThreads':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new UsageError(`${where}: "${key}" must be a whole number`)
        config[key] = value
        break
      case 'allowExec':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
          throw new UsageError(`${where}: "allowExec" must be an array of program paths`)
        }
        config.allowExec = value as string[]
        break
      case 'queues':
        if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string' && v.trim() !== '' && v.length <= 255)) {
          throw new UsageError(`${where}: "queues" must be a non-empty array of queue names`)
        }
        config.queues = value as string[]
        break
      case 'dashboard':
        if (typeof value !== 'boolean') throw new UsageError(`${where}: "dashboard" must be true or false`)
        config.dashboard = value
        break
      case 'hooks':
        try {
          config.hooks = parseHookConfig({ config: value })
        } catch (error) {
          if (error instanceof HookConfigError) throw new UsageError(`${where}: ${error.message}`)
          throw error
        }
        break
    }
  }
  return config
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
