import { packageConfig } from '@queue/vitest-config'

// The child-process tests run dist/bin.js; the global setup compiles it when sources are newer.
const config = packageConfig({ globalSetup: ['./test/build.global.ts'] })
// Without an explicit `import` condition: Node applies the configured conditions to require() too,
// and pg's CommonJS `require('pg-pool')` would then load pg-pool's ESM build (a Module, not a class).
const conditions = ['source', 'node', 'default']
export default { ...config, resolve: { ...config.resolve, conditions }, ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } } }
