import { packageConfig } from '@queue/vitest-config'

// The chaos test forks worker processes from the compiled harness, and runs for up to a minute.
export default packageConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
