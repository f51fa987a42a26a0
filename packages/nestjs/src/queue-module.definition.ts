/** The ConfigurableModuleBuilder behind `forRoot` / `forRootAsync`, with an `isGlobal` extra. */
import { ConfigurableModuleBuilder } from '@nestjs/common'
import type { QueueModuleOptions } from './queue.interfaces.js'

export const {
  ConfigurableModuleClass,
  MODULE_OPTIONS_TOKEN: QUEUE_MODULE_OPTIONS,
  OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<QueueModuleOptions>({ moduleName: 'Queue' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: false }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build()
