// Removes the previous run's per-package vitest reports so a package that no longer runs is not counted.
import { rmSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname
for (const group of ['packages', 'apps', 'tooling']) {
  const dir = join(root, group)
  if (!existsSync(dir)) continue
  for (const name of readdirSync(dir)) rmSync(join(dir, name, '.test-results'), { recursive: true, force: true })
}
