// The queue's REST API, mounted here: GET /api/queue/api/v1/jobs/:id, POST /api/queue/api/v1/jobs, ...
import { createRouteHandler } from '@queue/next'
import { getQueue } from '../../../../lib/queue'

export const dynamic = 'force-dynamic'
export const { GET, POST, DELETE } = createRouteHandler({ queue: getQueue, auth: process.env.QUEUE_TOKEN || undefined })
