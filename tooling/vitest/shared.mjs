// Shared vitest settings. Workspace packages resolve each other through the "source" export
// condition, so tests run against TypeScript sources without waiting for a build.
import { defineConfig } from 'vitest/config'

/** @param {import('vitest/config').UserConfig['test']} [test] */
export function packageConfig(test = {}) {
  return defineConfig({
    resolve: { conditions: ['source', 'import', 'node', 'default'] },
    ssr: { resolve: { conditions: ['source', 'import', 'node', 'default'] } },
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
