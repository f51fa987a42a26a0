// `changeset version` on a copy of the workspace's manifests: the fixed @queue group moves by the
// highest pending bump (a minor stays a minor below 1.0), and every package gets its changelog.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { run } from './pack.js'
import { publishablePackages, root } from './workspace.js'

type Bump = 'patch' | 'minor' | 'major'
const ORDER: Bump[] = ['patch', 'minor', 'major']

/** The bumps the pending changesets ask for, from their front matter. */
function pendingBumps(): Bump[] {
  const dir = join(root, '.changeset')
  return readdirSync(dir)
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .flatMap((file) => {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(dir, file), 'utf8'))?.[1] ?? ''
      return [...front.matchAll(/^\s*["']?@queue\/[^"':]+["']?\s*:\s*(patch|minor|major)\s*$/gm)].map((m) => m[1] as Bump)
    })
}

function increment(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number)
  if (bump === 'major') return `${major + 1}.0.0`
  if (bump === 'minor') return `${major}.${minor + 1}.0`
  return `${major}.${minor}.${patch + 1}`
}

const scratch = mkdtempSync(join(tmpdir(), 'queue-changesets-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const bumps = pendingBumps()

it.skipIf(bumps.length === 0)('versions the fixed @queue group by its highest pending changeset', async () => {
  // The manifests and the changesets are all `changeset version` reads and writes.
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(scratch, file))
  cpSync(join(root, '.changeset'), join(scratch, '.changeset'), { recursive: true })
  for (const group of ['packages', 'apps', 'tooling']) {
    if (!existsSync(join(root, group))) continue
    for (const name of readdirSync(join(root, group))) {
      const manifest = join(group, name, 'package.json')
      if (!existsSync(join(root, manifest))) continue
      mkdirSync(dirname(join(scratch, manifest)), { recursive: true })
      cpSync(join(root, manifest), join(scratch, manifest))
    }
  }
  await run(join(root, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: scratch })

  const highest = ORDER[Math.max(...bumps.map((b) => ORDER.indexOf(b)))] as Bump
  const versions = publishablePackages().map((pkg) => {
    const dir = join(scratch, pkg.dir.slice(root.length + 1))
    const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }
    return { name: pkg.json.name, version: json.version, expected: increment(pkg.json.version, highest), changelog: existsSync(join(dir, 'CHANGELOG.md')) }
  })
  expect(versions.filter((v) => v.version !== v.expected).map((v) => `${v.name} ${v.version}, want ${v.expected}`)).toEqual([])
  expect(versions.filter((v) => !v.changelog).map((v) => v.name)).toEqual([])
  expect(readdirSync(join(scratch, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md')).toEqual([])
})
