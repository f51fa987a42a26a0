/** `/healthz` (no auth) and `/metrics` (Prometheus text). */
import { countsOfEveryQueue } from '@queue/core'
import type { ApiContext } from '../handler/context.js'
import { json } from '../handler/respond.js'
import type { Route } from '../handler/router.js'
import { createMetrics } from '../metrics/metrics.js'

/** The health and metrics routes. */
export function systemRoutes(ctx: ApiContext): Route[] {
  // Without a metrics registry /metrics still serves the gauges, with empty counters.
  const metrics = ctx.metrics ?? createMetrics()
  return [
    { method: 'GET', pattern: '/healthz', auth: 'none', handler: async () => json(200, { status: 'ok' }) },
    {
      method: 'GET',
      pattern: '/metrics',
      handler: async () => {
        return new Response(metrics.render(await countsOfEveryQueue(ctx.queue.store)), {
          status: 200,
          headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' },
        })
      },
    },
  ]
}
