import { packageConfig } from '@queue/vitest-config'

// The chaos test forks worker processes from the compiled harness, and runs for up to a minute.
const config = packageConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
// Without an explicit `import` condition (as in packages/sql): Node applies the configured conditions
// to require() too, and pg's CommonJS `require('pg-pool')` would otherwise load pg-pool's ESM build.
const conditions = ['source', 'node', 'default']
export default { ...config, resolve: { ...config.resolve, conditions }, ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } } }
