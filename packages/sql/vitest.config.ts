import { packageConfig } from '@queue/vitest-config'

// Every test uses its own schema / database / table prefix, so files may run in parallel.
export default packageConfig({ fileParallelism: true })
