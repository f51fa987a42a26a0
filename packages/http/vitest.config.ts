import { packageConfig } from '@queue/vitest-config'

export default packageConfig()
