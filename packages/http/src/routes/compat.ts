/**
 * Seed 001's routes, with its exact payloads: `POST /jobs/add`, `GET /jobs/status`,
 * `GET /jobs/status/:id`. Answers keep its `{ "status": 200, "data": ... }` envelope.
 */
import { readJsonObject } from '../handler/body.js'
import type { ApiContext } from '../handler/context.js'
import { json } from '../handler/respond.js'
import { invalidField } from '../handler/respond.js'
import type { Route } from '../handler/router.js'
import type { CommandPayload } from '../commands/spec.js'
import { FieldError, parseCommandPayload } from '../commands/spec.js'
import { serializeJob } from '../jobs/serialize.js'
import { jobNotFound, priorityField } from '../jobs/validate.js'
import type { Job } from '@queue/core'

/** Seed 001's words for a job's state. */
function seedStatus(state: Job['state']): 'waiting' | 'working' | 'done' | 'failed' | 'cancelled' {
  if (state === 'active') return 'working'
  if (state === 'completed') return 'done'
  if (state === 'failed' || state === 'cancelled') return state
  return 'waiting'
}

/** The seed-001 routes. */
export function compatRoutes(ctx: ApiContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/jobs/add',
      handler: async ({ request }) => {
        const body = await readJsonObject(request, ctx.bodyLimit)
        let payload: CommandPayload
        try {
          payload = parseCommandPayload(body)
        } catch (error) {
          if (error instanceof FieldError) throw invalidField(error.field, error.problem)
          throw error
        }
        const priority = body.priority === undefined || body.priority === null ? 500 : priorityField(body.priority, 'priority')
        const stored: CommandPayload = { command: payload.command }
        if (payload.context !== undefined) stored.context = payload.context
        if (payload.callback_done !== undefined) stored.callback_done = payload.callback_done
        if (payload.callback_failed !== undefined) stored.callback_failed = payload.callback_failed
        const job = await ctx.queue.add(payload.command.type, stored, { priority })
        return json(200, { status: 200, data: { id: job.id } })
      },
    },
    {
      method: 'GET',
      pattern: '/jobs/status',
      handler: async () => {
        const counts = await ctx.queue.counts({})
        const working = counts.active
        const waiting = counts.scheduled + counts.ready + counts.waiting + counts.retry
        const maxThreads = ctx.maxThreads
        return json(200, {
          status: 200,
          data: { waiting, working, max_threads: maxThreads, free_threads: Math.max(0, maxThreads - working) },
        })
      },
    },
    {
      method: 'GET',
      pattern: '/jobs/status/:id',
      handler: async ({ params }) => {
        const id = params.id as string
        const job = await ctx.queue.get(id)
        if (job === null) throw jobNotFound(id)
        return json(200, { status: 200, data: { ...serializeJob(job), status: seedStatus(job.state) } })
      },
    },
  ]
}
