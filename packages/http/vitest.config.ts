import { packageConfig } from '@queue/vitest-config'

const config = packageConfig()
// As in @queue/sql: without an explicit `import` condition, because Node applies the configured
// conditions to require() too and pg's CommonJS `require('pg-pool')` would load pg-pool's ESM build.
const conditions = ['source', 'node', 'default']
export default { ...config, resolve: { ...config.resolve, conditions }, ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } } }
