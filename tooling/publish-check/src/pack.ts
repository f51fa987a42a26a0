/**
 * Packing with `pnpm pack` (which rewrites `workspace:` ranges to versions, as publishing does) and
 * installing tarballs into a scratch project outside the workspace.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import type { WorkspacePackage } from './workspace.js'

export const run = promisify(execFile)

/** Packs one package into `dest`; resolves to the tarball's path. */
export async function pack(pkg: WorkspacePackage, dest: string): Promise<string> {
  const before = new Set(readdirSync(dest))
  await run('pnpm', ['pack', '--pack-destination', dest], { cwd: pkg.dir, maxBuffer: 16 * 1024 * 1024 })
  const created = readdirSync(dest).filter((file) => file.endsWith('.tgz') && !before.has(file))
  if (created.length !== 1) throw new Error(`pnpm pack in ${pkg.dir} made ${created.length} tarballs`)
  return join(dest, created[0] as string)
}

/** The paths inside a tarball, without the leading `package/`. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 })
  return stdout
    .split('\n')
    .filter((line) => line !== '' && !line.endsWith('/'))
    .map((line) => line.replace(/^package\//, ''))
}

/**
 * Installs the tarballs into `project`'s node_modules: each tarball unpacked at its package name,
 * exactly as npm lays out a tarball dependency. Third-party dependencies and peers (fastify,
 * NestJS, drivers) are linked from the workspace's own install, so nothing is downloaded.
 */
export async function installTarballs(project: string, tarballs: { name: string; tarball: string }[], thirdParty: string[], from: string[]): Promise<void> {
  for (const { name, tarball } of tarballs) {
    const target = join(project, 'node_modules', name)
    mkdirSync(target, { recursive: true })
    await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'])
  }
  for (const name of thirdParty) {
    const source = from.map((dir) => join(dir, 'node_modules', name)).find((path) => existsSync(path))
    if (source === undefined) throw new Error(`third-party package ${name} is not installed in the workspace`)
    const target = join(project, 'node_modules', name)
    if (existsSync(target)) continue
    mkdirSync(dirname(target), { recursive: true })
    symlinkSync(realpathSync(source), target, 'dir')
  }
}
