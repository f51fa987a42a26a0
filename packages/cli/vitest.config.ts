import { packageConfig } from '@queue/vitest-config'

// The child-process tests run dist/bin.js; the global setup compiles it when sources are newer.
export default packageConfig({ globalSetup: ['./test/build.global.ts'] })
