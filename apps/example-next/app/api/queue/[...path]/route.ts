// The queue's admin REST API, mounted here: GET /api/queue/api/v1/jobs/:id, POST /api/queue/api/v1/jobs,
// GET /api/queue/healthz, ... Every route but /healthz needs `Authorization: Bearer $QUEUE_TOKEN`
// once QUEUE_TOKEN is set.
import { createRouteHandler } from '@queue/next'
import { getQueue } from '../../../../lib/queue'

export const dynamic = 'force-dynamic'
export const { GET, POST, DELETE } = createRouteHandler({ queue: getQueue, auth: process.env.QUEUE_TOKEN || undefined })
