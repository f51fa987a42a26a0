/** The REST API under `/api/v1`: create, get, list, retry, cancel, delete, counts per queue. */
import { countsOfEveryQueue } from '@queue/core'
import { readJsonObject } from '../handler/body.js'
import type { ApiContext } from '../handler/context.js'
import { HttpError, json } from '../handler/respond.js'
import type { Route } from '../handler/router.js'
import { serializeJob } from '../jobs/serialize.js'
import { jobNotFound, parseCreateBody, parseListQuery } from '../jobs/validate.js'
import { openApiDocument } from './openapi.js'

/** The `/api/v1` routes. */
export function restRoutes(ctx: ApiContext, prefix: string): Route[] {
  const document = JSON.stringify(openApiDocument({ prefix }))
  return [
    {
      method: 'POST',
      pattern: '/api/v1/jobs',
      handler: async ({ request }) => {
        const { batch, items } = parseCreateBody(await readJsonObject(request, ctx.bodyLimit))
        if (!batch) {
          const job = await ctx.queue.add(items[0]!.name, items[0]!.payload, items[0]!.options)
          return json(job.duplicate ? 200 : 201, { job: serializeJob(job), duplicate: job.duplicate })
        }
        const jobs = await ctx.queue.addMany(items)
        return json(201, { jobs: jobs.map((job) => ({ ...serializeJob(job), duplicate: job.duplicate })) })
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/jobs',
      handler: async ({ url }) => {
        const params = parseListQuery(url.searchParams)
        const page = await ctx.queue.list(params).catch((error: unknown) => {
          // A cursor is opaque; one that did not come from us is the caller's mistake, not a 500.
          if (params.cursor !== undefined) throw new HttpError(400, 'invalid_field', `cursor is not a cursor this API returned (${(error as Error).message})`)
          throw error
        })
        return json(200, { jobs: page.jobs.map(serializeJob), nextCursor: page.nextCursor })
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/jobs/:id',
      handler: async ({ params }) => {
        const job = await ctx.queue.get(params.id as string)
        if (job === null) throw jobNotFound(params.id as string)
        return json(200, { job: serializeJob(job) })
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/v1/jobs/:id',
      handler: async ({ params }) => {
        if (!(await ctx.queue.remove(params.id as string))) throw jobNotFound(params.id as string)
        return json(204, undefined)
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/jobs/:id/retry',
      handler: async ({ params }) => {
        const change = await ctx.queue.retry(params.id as string)
        if (change === null) throw jobNotFound(params.id as string)
        if (!change.changed) {
          throw new HttpError(409, 'invalid_state', `job ${change.job.id} is ${change.job.state}; only failed or cancelled jobs can be retried`)
        }
        return json(200, { job: serializeJob(change.job), changed: true })
      },
    },
    {
      method: 'POST',
      pattern: '/api/v1/jobs/:id/cancel',
      handler: async ({ params }) => {
        const change = await ctx.queue.cancel(params.id as string)
        if (change === null) throw jobNotFound(params.id as string)
        // Cancelling a cancelled job is a no-op success; cancelling a finished one is a conflict.
        if (!change.changed && change.job.state !== 'cancelled') {
          throw new HttpError(409, 'invalid_state', `job ${change.job.id} is ${change.job.state}; only unfinished jobs can be cancelled`)
        }
        return json(200, { job: serializeJob(change.job), changed: change.changed })
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/queues',
      handler: async () => {
        const queues = (await countsOfEveryQueue(ctx.queue.store)).map(({ queue, counts }) => ({ name: queue, counts }))
        return json(200, { queues })
      },
    },
    {
      method: 'GET',
      pattern: '/api/v1/openapi.json',
      handler: async () => new Response(document, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } }),
    },
  ]
}
