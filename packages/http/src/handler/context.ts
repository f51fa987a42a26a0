/** What every route sees: the resolved options of `createHttpHandler`. */
import type { HookConfig } from '../hooks/config.js'
import type { CommitBatcher } from '../hooks/batcher.js'
import type { Metrics } from '../metrics/metrics.js'
import type { AddedJob, AddManyItem, QueueApi } from '../queue-api.js'

export interface ApiContext {
  queue: QueueApi
  token: string | undefined
  hooks: Record<string, HookConfig>
  maxThreads: number
  metrics: Metrics | undefined
  bodyLimit: number
  /** Group commit of webhook jobs. */
  intake: CommitBatcher<AddManyItem, AddedJob>
}
