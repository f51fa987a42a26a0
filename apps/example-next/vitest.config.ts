import { packageConfig } from '@queue/vitest-config'

// One `next build` + `next start` for every test file: the global setup owns the processes.
export default packageConfig({
  include: ['test/**/*.test.ts'],
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 60_000,
  fileParallelism: false,
})
