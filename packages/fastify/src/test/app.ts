import Fastify, { type FastifyInstance } from 'fastify'
import { memoryStore, type JobStore } from '@queue/core'
import { queuePlugin, type QueuePluginOptions } from '../index.js'

/** A Fastify app with the plugin over a fresh in-memory store (unless one is given). */
export async function appWith(options: Partial<QueuePluginOptions> = {}): Promise<{ app: FastifyInstance; store: JobStore }> {
  const store = options.store ?? memoryStore()
  const app = Fastify({ logger: false })
  await app.register(queuePlugin, { ...options, store })
  await app.ready()
  return { app, store }
}

/** The job add payload of seed 001. */
export const seedJob = {
  priority: 800,
  context: 'MyCoolApp',
  command: { type: 'http', url: 'http://127.0.0.1:9/delay/10', method: 'GET', timeout: 20, params: { username: 'michael' } },
  callback_done: { type: 'http', url: 'http://127.0.0.1:9/get?job=done', method: 'GET' },
}
