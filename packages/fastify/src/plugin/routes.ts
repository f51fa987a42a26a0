import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { HOOK_METHODS, type HttpHandler } from '@queue/http'
import { sendWebResponse, toWebRequest } from './bridge.js'

/** A framework-neutral handler, as `@queue/http` builds it. */
export type WebHandler = HttpHandler

const EMPTY_BODY = new Uint8Array(0)

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
      // Webhooks skip the Web Request/Response bridge: building those objects cost more than the
      // insert (queue server on SQLite: 2,400 req/s through the bridge; see docs/benchmarks.md).
      const hook = (request: FastifyRequest<{ Params: { name: string; secret?: string } }>, reply: FastifyReply) => {
        const query = request.url.indexOf('?')
        const { name, secret } = request.params
        return handler
          .hook({
            method: request.method,
            name,
            ...(secret !== undefined ? { secret } : {}),
            path: query === -1 ? request.url : request.url.slice(0, query),
            query: query === -1 ? '' : request.url.slice(query + 1),
            headers: request.headers,
            body: Buffer.isBuffer(request.body) ? request.body : EMPTY_BODY,
          })
          .then((answer) => reply.code(answer.status).headers(answer.headers).send(answer.body))
      }
      scope.route({ method: [...HOOK_METHODS], url: '/hooks/:name', bodyLimit, handler: hook })
      scope.route({ method: [...HOOK_METHODS], url: '/hooks/:name/:secret', bodyLimit, handler: hook })
      if (prefix !== '') scope.all('/', { bodyLimit }, route)
    },
    { prefix },
  )
}

/** Seed 001's routes answer errors in their `{ status, error }` envelope, as `@queue/http` does. */
function isCompatPath(path: string): boolean {
  return path === '/jobs/add' || path === '/jobs/status' || path.startsWith('/jobs/status/')
}
