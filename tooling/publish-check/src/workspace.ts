/** The publishable packages of the workspace, and where things are. */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const root = resolve(import.meta.dirname, '../../..')

export interface PackageJson {
  name: string
  version: string
  private?: boolean
  type?: string
  license?: string
  files?: string[]
  repository?: { type?: string; url?: string; directory?: string } | string
  engines?: { node?: string }
  exports?: Record<string, unknown>
  bin?: Record<string, string> | string
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  devDependencies?: Record<string, string>
}

export interface WorkspacePackage {
  dir: string
  json: PackageJson
}

/** Every non-private package under packages/ (only those named in PUBLISH_CHECK_PACKAGES, comma-separated, when set). */
export function publishablePackages(): WorkspacePackage[] {
  const only = process.env.PUBLISH_CHECK_PACKAGES?.split(',').map((name) => name.trim())
  const base = join(root, 'packages')
  return readdirSync(base)
    .map((name) => join(base, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, json: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson }))
    .filter((p) => p.json.private !== true)
    .filter((p) => only === undefined || only.includes(p.json.name))
    .sort((a, b) => a.json.name.localeCompare(b.json.name))
}

/** The export subpaths that are code (not `./package.json`). */
export function codeEntrypoints(json: PackageJson): string[] {
  return Object.keys(json.exports ?? {}).filter((key) => !key.endsWith('.json'))
}
