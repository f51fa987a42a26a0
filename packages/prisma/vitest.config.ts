import { packageConfig } from '@queue/vitest-config'

// The tests wait on databases, not the CPU: two files at once even on a 2-core machine (vitest's default is cores - 1).
export default packageConfig({ globalSetup: ['test/generate.ts'], maxWorkers: 2 })
