// Every publishable package, packed as it would be published: the manifest says what npm users
// need, publint and arethetypeswrong find nothing, and the tarballs work in a project outside the
// workspace.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installTarballs, pack, run, tarballFiles } from './pack.js'
import { codeEntrypoints, publishablePackages, root, type PackageJson } from './workspace.js'

const packages = publishablePackages()

/** True when the package's built files import @queue/core (code or types). */
function importsCore(dir: string): boolean {
  const files = readdirSync(join(dir, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|d\.ts)$/.test(f))
  return files.some((file) => /["']@queue\/core(\/[^"']*)?["']/.test(readFileSync(join(dir, 'dist', file), 'utf8')))
}
const scratch = mkdtempSync(join(tmpdir(), 'queue-publish-'))
const tarballs = new Map<string, string>()
const attwBin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'attw')

beforeAll(async () => {
  // turbo builds the packages listed as devDependencies first; a package added since gets built here.
  for (const pkg of packages.filter((p) => !existsSync(join(p.dir, 'dist')))) {
    await run('pnpm', ['run', 'build'], { cwd: pkg.dir, maxBuffer: 16 * 1024 * 1024 }).catch((error: { stdout?: string }) => {
      throw new Error(`${pkg.json.name} does not build:\n${error.stdout ?? ''}`)
    })
  }
  // One at a time: pnpm pack is quick, and two at once compete for the same 2 cores.
  for (const pkg of packages) tarballs.set(pkg.json.name, await pack(pkg, scratch))
})

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function packedJson(name: string): Promise<PackageJson> {
  return run('tar', ['-xzOf', tarballs.get(name) as string, 'package/package.json']).then(({ stdout }) => JSON.parse(stdout) as PackageJson)
}

it.skipIf(process.env.PUBLISH_CHECK_PACKAGES !== undefined)('finds the packages to publish', () => {
  expect(packages.map((p) => p.json.name)).toContain('@queue/core')
  expect(packages.length).toBeGreaterThanOrEqual(5)
})

describe.each(packages.map((p) => [p.json.name, p] as const))('%s', (name, pkg) => {
  it('publishes only dist, the README, the license and package.json, without compiled tests', async () => {
    const files = await tarballFiles(tarballs.get(name) as string)
    const outside = files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(file))
    expect(outside).toEqual([])
    expect(files).toContain('README.md')
    expect(files.filter((file) => /\.test\.(js|d\.ts)$/.test(file))).toEqual([])
  })

  it('ships its LICENSE file', async () => {
    expect(await tarballFiles(tarballs.get(name) as string)).toContain('LICENSE')
  })

  it('has the manifest fields a published package needs', async () => {
    const json = await packedJson(name)
    expect(json.type).toBe('module')
    expect(json.license).toBe('MIT')
    expect(json.files).toEqual(['dist'])
    expect(json.engines?.node).toBe('>=20.19')
    expect(json.repository).toMatchObject({ type: 'git', directory: pkg.dir.slice(root.length + 1) })
    for (const entry of codeEntrypoints(json)) {
      const conditions = json.exports?.[entry] as Record<string, string>
      expect(Object.keys(conditions), `${entry} needs types before import`).toEqual(expect.arrayContaining(['types', 'import']))
      expect(Object.keys(conditions).indexOf('types')).toBeLessThan(Object.keys(conditions).indexOf('import'))
    }
  })

  it('has no workspace: ranges left after packing', async () => {
    const json = await packedJson(name)
    const ranges = { ...json.dependencies, ...json.peerDependencies }
    expect(Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:'))).toEqual([])
  })

  // The CLI is an application: it brings its own @queue/core. Everything else that imports core
  // shares the user's one copy, so a Queue made by the user is the Queue the adapter knows.
  it.skipIf(name === '@queue/core' || name === '@queue/cli' || !importsCore(pkg.dir))('takes @queue/core as a peer, not as its own copy', async () => {
    const json = await packedJson(name)
    expect(json.peerDependencies?.['@queue/core']).toMatch(/^(\^|>=)\d+\.\d+\.\d+/)
    expect(json.dependencies?.['@queue/core']).toBeUndefined()
  })

  it('passes publint', async () => {
    const tarball = readFileSync(tarballs.get(name) as string)
    const { messages, pkg: manifest } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, level: 'warning' })
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, manifest) ?? m.code}`)).toEqual([])
  })

  it('passes arethetypeswrong (ESM-only profile)', async () => {
    // --no-definitely-typed: never fetch @types packages; the tarball's own types are what we check.
    const result = await run(attwBin, [tarballs.get(name) as string, '--profile', 'esm-only', '--format', 'json', '--no-definitely-typed'], {
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
    const report = JSON.parse(result.stdout) as { analysis: { problems?: { kind: string; entrypoint?: string; resolutionKind?: string }[] } }
    const problems = (report.analysis.problems ?? []).filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs')
    expect(problems.map((p) => `${p.kind} ${p.entrypoint ?? ''} (${p.resolutionKind ?? ''})`)).toEqual([])
  })
})

describe('the tarballs in a project outside the workspace', () => {
  const project = join(scratch, 'project')

  beforeAll(async () => {
    // Every third-party dependency and peer of the packages (fastify, NestJS, drivers...), plus
    // reflect-metadata and rxjs that NestJS itself wants, linked from the workspace install.
    const wanted = new Set(['reflect-metadata', 'rxjs'])
    for (const { json } of packages) {
      for (const dep of Object.keys({ ...json.dependencies, ...json.peerDependencies })) if (!dep.startsWith('@queue/')) wanted.add(dep)
    }
    const from = packages.map((p) => p.dir)
    const thirdParty = [...wanted].filter((dep) => from.some((dir) => existsSync(join(dir, 'node_modules', dep))))
    await installTarballs(project, packages.map((p) => tarballs.get(p.json.name) as string), thirdParty, from)
  })

  const imports = packages.flatMap((p) =>
    codeEntrypoints(p.json)
      .filter((entry) => !(p.json.name === '@queue/prisma')) // needs a generated Prisma client
      .map((entry) => [entry === '.' ? p.json.name : `${p.json.name}/${entry.slice(2)}`] as const),
  )

  it.each(imports)('imports %s by its published name', async (specifier) => {
    const script = `import 'reflect-metadata'; const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)))`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project })
    expect((JSON.parse(stdout) as string[]).length).toBeGreaterThan(0)
  })

  const has = (name: string) => packages.some((p) => p.json.name === name)

  it.skipIf(!has('@queue/core') || !has('@queue/sql'))('runs a job end to end with the published core and SQLite store', async () => {
    const script = `
      import { Queue, Worker, silentLogger } from '@queue/core'
      import { sqliteStore } from '@queue/sql/sqlite'
      const store = sqliteStore({ filename: ':memory:' })
      const queue = new Queue({ store })
      const worker = new Worker({ store, logger: silentLogger, pollMs: 5, handlers: { add: async ({ a, b }) => a + b } })
      const job = await queue.add('add', { a: 2, b: 3 })
      await worker.drain()
      console.log(JSON.stringify((await queue.get(job.id)).result))
      await store.close()`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: project })
    expect(stdout.trim()).toBe('5')
  })

  it.skipIf(!has('@queue/cli'))('runs the published queue binary npm linked', async () => {
    const { stdout } = await run(join(project, 'node_modules/.bin/queue'), ['--help'], { cwd: project })
    expect(stdout).toMatch(/server/)
  })
})
