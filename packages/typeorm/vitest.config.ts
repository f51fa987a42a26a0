import { packageConfig } from '@queue/vitest-config'

const config = packageConfig()
// pg's CommonJS build require()s pg-pool; with "import" among Node's resolve conditions that require()
// returns pg-pool's ES module namespace and `class Pool extends` throws, so externals resolve without it.
if (config.ssr?.resolve) config.ssr.resolve.conditions = ['source', 'node', 'default']

export default config
