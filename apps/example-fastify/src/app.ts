import Fastify, { type FastifyInstance } from 'fastify'
import { queuePlugin } from '@queue/fastify'
import { confirmOrder, recordPayment, type OrderPayload } from './jobs.js'
import { openStore } from './store.js'

export interface AppConfig {
  /** Bearer token of the admin API under /queue. */
  queueToken: string
  /** Shared with the payment provider, which signs its webhooks with it (HMAC-SHA256, x-hub-signature-256). */
  paymentsSecret: string
  logger?: boolean
}

/** The shop: orders enqueue a confirmation, payments arrive as webhooks, the worker runs in-process. */
export async function buildApp(config: AppConfig, env: NodeJS.ProcessEnv = process.env): Promise<FastifyInstance> {
  const app = Fastify({ logger: config.logger ?? true })
  await app.register(queuePlugin, {
    store: await openStore(env),
    worker: { concurrency: 4, handlers: { 'order.confirm': confirmOrder, 'hook.payments': recordPayment } },
    // The queue's HTTP API: /queue/api/v1/..., /queue/hooks/payments, /queue/metrics, /queue/healthz.
    routes: { prefix: '/queue' },
    auth: { token: config.queueToken },
    hooks: { payments: { secret: config.paymentsSecret } },
  })

  app.post<{ Body: OrderPayload }>('/orders', {
    schema: {
      body: {
        type: 'object',
        required: ['customer', 'items'],
        properties: {
          customer: { type: 'string', minLength: 1 },
          items: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['sku', 'quantity', 'priceCents'],
              properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 }, priceCents: { type: 'integer', minimum: 0 } },
            },
          },
        },
      },
    },
    handler: async (request, reply) => {
      // One customer's orders are confirmed one at a time, in order (a serial group).
      const job = await app.queue.add('order.confirm', request.body, { groupKey: `customer:${request.body.customer}` })
      return reply.code(202).send({ jobId: job.id })
    },
  })

  app.get<{ Params: { jobId: string } }>('/orders/:jobId', async (request, reply) => {
    const job = await app.queue.get(request.params.jobId)
    if (job === null || job.name !== 'order.confirm') return reply.code(404).send({ error: 'no such order' })
    return { state: job.state, result: job.result, lastError: job.lastError }
  })

  return app
}
