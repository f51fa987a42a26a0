import { packageConfig } from '@queue/vitest-config'

// Files share one Redis but each test uses its own key prefix, so they may run in parallel.
export default packageConfig({ fileParallelism: true })
