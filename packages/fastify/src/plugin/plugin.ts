import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { Queue, Worker } from '@queue/core'
import { commandHandlers, createHttpHandler, createMetrics, type WorkerEventSource } from '@queue/http'
import { checkOptions, DEFAULT_BODY_LIMIT, type QueuePluginOptions } from './options.js'
import { mountHandler } from './routes.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The job queue of this app (`app.queue.add(...)`), registered by `@queue/fastify`. */
    queue: Queue
    /** The worker running inside this app, or null when the plugin was told not to run one. */
    queueWorker: Worker | null
  }
}

async function queuePluginImpl(app: FastifyInstance, options: QueuePluginOptions): Promise<void> {
  checkOptions(options)
  const { store, closeStore = true, migrate = true, worker: workerOptions = false, commands = {} } = options
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT

  let worker: Worker | null = null
  // Registered first, so the store is closed even when a later step of this plugin throws.
  // One hook, in this order: running jobs finish (or are given back) before the store goes away.
  app.addHook('onClose', async () => {
    if (worker) await worker.stop()
    if (closeStore) await store.close()
  })

  if (migrate) await store.migrate()
  const queue = new Queue({ store })
  app.decorate('queue', queue)

  const metrics = createMetrics()
  if (workerOptions) {
    const { handlers = {}, ...rest } = workerOptions
    const builtIn = commands ? commandHandlers({ queue, ...(commands.allowExec ? { allowExec: [...commands.allowExec] } : {}) }) : {}
    worker = new Worker({ ...rest, store, handlers: { ...builtIn, ...handlers } })
    // Worker's typed `on` is narrower than @queue/http's structural WorkerEventSource; same events at runtime.
    metrics.observe(worker as unknown as WorkerEventSource)
  }
  app.decorate('queueWorker', worker)

  if (options.routes !== false) {
    const prefix = options.routes?.prefix ?? ''
    const maxThreads = options.maxThreads ?? (workerOptions ? workerOptions.concurrency : undefined)
    const handler = createHttpHandler({
      queue,
      metrics,
      bodyLimit,
      onError: (error) => app.log.error({ err: error }, '@queue/fastify: HTTP API request failed'),
      ...(prefix ? { prefix } : {}),
      ...(options.auth ? { token: options.auth.token } : {}),
      ...(options.hooks ? { hooks: options.hooks } : {}),
      ...(maxThreads !== undefined ? { maxThreads } : {}),
      ...(options.dashboard !== undefined ? { dashboard: options.dashboard } : {}),
    })
    await mountHandler(app, { prefix, bodyLimit, handler })
  }

  if (worker) {
    const running = worker
    app.addHook('onReady', async () => {
      await running.start()
    })
  }
}

/**
 * The Fastify plugin: `app.register(queuePlugin, { store })` decorates `app.queue`, optionally runs a
 * Worker inside the app and mounts the `@queue/http` API (seed 001's `/jobs/*`, `/api/v1`, webhook
 * intake at `/hooks/:name`, `/metrics`, `/healthz`, the dashboard at `/dashboard`) under `routes.prefix`.
 */
export const queuePlugin = fp(queuePluginImpl, { name: '@queue/fastify', fastify: '5.x' })
