import type { JobStore, WorkerOptions } from '@queue/core'
import type { DashboardMount, HookConfig } from '@queue/http'

/** The Worker options the plugin accepts: the plugin supplies `store` itself. */
export type PluginWorkerOptions = Omit<WorkerOptions, 'store' | 'handlers'> & {
  /** Your handlers; merged over the http/exec command handlers (yours win on a name clash). */
  handlers?: WorkerOptions['handlers']
}

/** A declared webhook, as `@queue/http` takes it (`POST /hooks/:name`). */
export type HookOptions = HookConfig

/** Options of `app.register(queuePlugin, options)`. */
export interface QueuePluginOptions {
  /** The job store. The plugin migrates it on register and closes it in `onClose` (see `closeStore`). */
  store: JobStore
  /** Close the store when the app closes; default true. Pass false when the store is shared. */
  closeStore?: boolean
  /** Run `store.migrate()` while registering; default true. */
  migrate?: boolean
  /**
   * Run a Worker inside the app: started on `onReady`, stopped gracefully on `onClose` (running
   * jobs get the worker's `graceMs`, default 10 s, then are given back). Default false (no worker).
   */
  worker?: false | PluginWorkerOptions
  /**
   * The http/exec command handlers (seed 001's `command` and `callback_done`) given to the in-app
   * worker. Default `{}`: http commands on, exec off. `false` leaves them out.
   */
  commands?: false | { allowExec?: readonly string[] }
  /** Mount the HTTP API (seed 001 routes, /api/v1, hooks, /metrics, /healthz); default `{ prefix: '' }`. */
  routes?: false | { prefix?: string }
  /** Require `Authorization: Bearer <token>` on every route but /healthz and self-signed hooks. */
  auth?: { token: string }
  /** Declared webhooks; an undeclared name gets 404. */
  hooks?: Record<string, HookOptions>
  /** Largest accepted request body in bytes; default 1 MiB. Larger bodies get 413. */
  bodyLimit?: number
  /** `max_threads` reported by `GET /jobs/status`; default the in-app worker's concurrency. */
  maxThreads?: number
  /**
   * Serve the web dashboard at `GET <prefix>/dashboard` (with the routes); default true. `false`
   * leaves the page out (404), `{ title }` names it.
   */
  dashboard?: boolean | DashboardMount
}

/** 1 MiB, the body limit the HTTP API promises. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024

/** Thrown at register time for options that cannot work. */
export class QueuePluginOptionsError extends Error {
  override readonly name = 'QueuePluginOptionsError'
}

/** Checks what TypeScript cannot (JavaScript callers, config files). */
export function checkOptions(options: QueuePluginOptions): void {
  if (!options || typeof options !== 'object') throw new QueuePluginOptionsError('@queue/fastify: options are required')
  const { store, bodyLimit, routes, auth, dashboard } = options
  if (!store || typeof store.claim !== 'function') {
    throw new QueuePluginOptionsError('@queue/fastify: options.store must be a JobStore')
  }
  if (bodyLimit !== undefined && (!Number.isInteger(bodyLimit) || bodyLimit <= 0)) {
    throw new QueuePluginOptionsError('@queue/fastify: options.bodyLimit must be a positive integer')
  }
  if (routes && routes.prefix !== undefined && routes.prefix !== '' && !/^\/[^?#]*[^/?#]$/.test(routes.prefix)) {
    throw new QueuePluginOptionsError(`@queue/fastify: routes.prefix must start with "/" and not end with "/" (got "${routes.prefix}")`)
  }
  if (
    dashboard !== undefined &&
    typeof dashboard !== 'boolean' &&
    (dashboard === null || typeof dashboard !== 'object' || (dashboard.title !== undefined && typeof dashboard.title !== 'string'))
  ) {
    throw new QueuePluginOptionsError('@queue/fastify: options.dashboard must be a boolean or { title?: string }')
  }
  if (auth !== undefined && (typeof auth.token !== 'string' || auth.token.length === 0)) {
    throw new QueuePluginOptionsError('@queue/fastify: auth.token must be a non-empty string')
  }
}
