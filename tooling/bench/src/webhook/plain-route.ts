/**
 * The ceiling of webhook intake: a plain Fastify route that answers 202 and stores nothing, in its
 * own process like the queue server. Prints `listening on <url>` once ready.
 */
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.post('/hooks/:name', async (_request, reply) => reply.code(202).send({ accepted: true }))
const address = await app.listen({ host: '127.0.0.1', port: 0 })
process.stdout.write(`listening on ${address}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
