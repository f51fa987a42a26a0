import { packageConfig } from '@queue/vitest-config'

// Without 'import' among the custom conditions: vitest hands them to Node's require too, and then
// express's router requires is-promise's ESM build and gets a namespace instead of the function.
const config = packageConfig()
const conditions = ['source', 'node', 'default']
export default { ...config, resolve: { ...config.resolve, conditions }, ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } } }
