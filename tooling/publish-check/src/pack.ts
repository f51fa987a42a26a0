/**
 * Packing with `pnpm pack` (which rewrites `workspace:` ranges to versions, as publishing does) and
 * installing tarballs into a scratch project outside the workspace.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
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
 * Installs the tarballs into `project` with `npm install --offline`, the way a user installs
 * packages (npm resolves our tarballs' ranges against each other and links the bins). Third-party
 * dependencies and peers (fastify, NestJS, drivers) are linked into node_modules from the
 * workspace's own install first, so npm finds them present and nothing is downloaded.
 */
export async function installTarballs(project: string, tarballs: string[], thirdParty: string[], from: string[]): Promise<void> {
  mkdirSync(join(project, 'node_modules'), { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }))
  const link = () => {
    for (const name of thirdParty) {
      const source = from.map((dir) => join(dir, 'node_modules', name)).find((path) => existsSync(path))
      if (source === undefined) throw new Error(`third-party package ${name} is not installed in the workspace`)
      const target = join(project, 'node_modules', name)
      if (existsSync(target)) continue
      mkdirSync(dirname(target), { recursive: true })
      symlinkSync(realpathSync(source), target, 'dir')
    }
  }
  link()
  // Absolute paths: npm reads `dir/file.tgz` as a GitHub shorthand.
  const args = ['install', '--offline', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', ...tarballs]
  await run('npm', args, { cwd: project, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stderr?: string }) => {
    throw new Error(`npm install of the tarballs failed:\n${error.stderr ?? ''}`)
  })
  // npm prunes the links nothing depends on (peers, with --legacy-peer-deps): put them back.
  link()
}
