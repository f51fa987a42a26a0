/**
 * Builds what the child-process tests run: `node dist/bin.js` imports the compiled packages.
 * `pnpm test` builds the dependencies first (turbo's ^build) but not this package, so this compiles
 * every package of the chain whose dist is missing or older than its sources.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const packages = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const CHAIN = ['core', 'sql', 'http', 'fastify', 'cli']

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function oldestOutput(dist: string): number {
  const index = join(dist, 'index.js')
  return existsSync(index) ? statSync(index).mtimeMs : 0
}

export default function setup(): void {
  const tsc = createRequire(join(packages, 'cli', 'package.json')).resolve('typescript/bin/tsc')
  for (const name of CHAIN) {
    const dir = join(packages, name)
    if (oldestOutput(join(dir, 'dist')) >= newestSource(join(dir, 'src')) && existsSync(join(dir, 'dist', name === 'cli' ? 'bin.js' : 'index.js'))) continue
    try {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' })
    } catch (error) {
      // tsc still emits on type errors; the tests then show whether the emitted code works.
      if (!existsSync(join(dir, 'dist', 'index.js'))) throw error
      console.warn(`[cli test setup] tsc reported errors in packages/${name}; using its emitted dist anyway`)
    }
  }
}
