// Sums every package's vitest JSON report into the one closing line CI reads:
// "N passed, M failed[, K skipped]". Exits non-zero if anything failed or turbo failed.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'

const turboExit = Number(process.argv[2] ?? 0)
const root = new URL('../..', import.meta.url).pathname
let passed = 0, failed = 0, skipped = 0, suitesFailed = 0
for (const group of ['packages', 'apps', 'tooling']) {
  const dir = join(root, group)
  if (!existsSync(dir)) continue
  for (const name of readdirSync(dir)) {
    const manifest = join(dir, name, 'package.json')
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) continue
    const report = join(dir, name, '.test-results', 'vitest.json')
    if (!existsSync(report)) {
      // The package's test run died before vitest wrote its report (a build or config error).
      console.log(`${group}/${name}: no test report (its test command failed before running tests)`)
      suitesFailed += 1
      continue
    }
    const r = JSON.parse(readFileSync(report, 'utf8'))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    // A file that fails to load has no test results but counts as a failed suite.
    const broken = (r.testResults ?? []).filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length
    suitesFailed += broken
    console.log(`${group}/${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped${broken ? `, ${broken} files failed to load` : ''}`)
  }
}
failed += suitesFailed
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || turboExit !== 0 || passed === 0 ? 1 : 0)
