// Shared vitest settings. Workspace packages resolve each other through the "source" export
// condition, so tests run against TypeScript sources without waiting for a build.
import { defineConfig } from 'vitest/config'

// No 'import' among the custom conditions: Node applies them to require() too, and CommonJS
// packages (pg requiring pg-pool, express requiring is-promise) would then load ESM builds.
const conditions = ['source', 'node', 'default']

/** @param {import('vitest/config').UserConfig['test']} [test] */
export function packageConfig(test = {}) {
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      passWithNoTests: true,
      testTimeout: 20_000,
      hookTimeout: 30_000,
      reporters: ['default', ['json', { outputFile: '.test-results/vitest.json' }]],
      ...test,
    },
  })
}
