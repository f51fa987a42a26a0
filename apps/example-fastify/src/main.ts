import { buildApp } from './app.js'

const app = await buildApp({
  queueToken: process.env.QUEUE_TOKEN ?? 'change-me',
  paymentsSecret: process.env.PAYMENTS_SECRET ?? 'change-me-too',
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close())
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
