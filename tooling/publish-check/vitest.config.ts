import { packageConfig } from '@queue/vitest-config'

// Packing, linting and installing every package takes a while on 2 cores.
export default packageConfig({ testTimeout: 120_000, hookTimeout: 300_000 })
