export { queuePlugin } from './plugin/plugin.js'
export {
  DEFAULT_BODY_LIMIT,
  QueuePluginOptionsError,
  type HookOptions,
  type PluginWorkerOptions,
  type QueuePluginOptions,
} from './plugin/options.js'
export { sendWebResponse, toWebRequest } from './plugin/bridge.js'
export { queuePlugin as default } from './plugin/plugin.js'
