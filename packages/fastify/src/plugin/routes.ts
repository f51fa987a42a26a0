import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendWebResponse, toWebRequest } from './bridge.js'

/** A framework-neutral handler, as `@queue/http` builds it. */
export type WebHandler = (request: Request) => Promise<Response>

export interface MountOptions {
  prefix: string
  bodyLimit: number
  handler: WebHandler
}

/**
 * Mounts a Request -> Response handler under `prefix` in its own encapsulated scope. Inside that
 * scope every content type is read as raw bytes, so a webhook's JSON, form or binary body reaches
 * the handler byte for byte and the app's own JSON parser is left untouched outside it.
 */
export async function mountHandler(app: FastifyInstance, { prefix, bodyLimit, handler }: MountOptions): Promise<void> {
  await app.register(
    async (scope) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body))
      // Fastify refuses some requests before the handler runs (a body over the limit, a broken
      // Content-Length); answer those in @queue/http's own error shape.
      scope.setErrorHandler(async (error: FastifyError, request, reply) => {
        const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
        if (status >= 500) request.log.error({ err: error }, '@queue/fastify: route failed')
        const body = {
          code: status === 413 ? 'body_too_large' : status >= 500 ? 'internal' : 'bad_request',
          message: status === 413 ? `request body exceeds ${bodyLimit} bytes` : status >= 500 ? 'internal server error' : error.message,
        }
        const path = request.url.split('?')[0]!.slice(prefix.length)
        return reply.code(status).send(isCompatPath(path) ? { status, error: body } : { error: body })
      })
      const route = async (request: FastifyRequest, reply: FastifyReply) =>
        sendWebResponse(reply, await handler(toWebRequest(request)))
      scope.all('/*', { bodyLimit }, route)
      if (prefix !== '') scope.all('/', { bodyLimit }, route)
    },
    { prefix },
  )
}

/** Seed 001's routes answer errors in their `{ status, error }` envelope, as `@queue/http` does. */
function isCompatPath(path: string): boolean {
  return path === '/jobs/add' || path === '/jobs/status' || path.startsWith('/jobs/status/')
}
