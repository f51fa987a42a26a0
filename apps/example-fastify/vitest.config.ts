import { packageConfig } from '@queue/vitest-config'

// The app runs against the packages' built dist, as a user's app would: no 'source' condition.
const config = packageConfig()
const conditions = ['node', 'default']
export default { ...config, resolve: { ...config.resolve, conditions }, ssr: { ...config.ssr, resolve: { ...config.ssr?.resolve, conditions } } }
