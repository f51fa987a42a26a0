// Runs the app's jobs when a worker elsewhere POSTs them, signed with QUEUE_SECRET.
import { createJobRoute } from '@queue/next'
import { handlers } from '../../../lib/jobs'

export const dynamic = 'force-dynamic'
export const { POST } = createJobRoute({ secret: process.env.QUEUE_SECRET ?? 'dev-secret-change-me-please', handlers })
