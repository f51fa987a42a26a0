import { packageConfig } from '@queue/vitest-config'

// The app runs against the packages' built dist, as a user's app would: no 'source' condition.
const conditions = ['node', 'default']
export default { ...packageConfig(), resolve: { conditions }, ssr: { resolve: { conditions } } }
