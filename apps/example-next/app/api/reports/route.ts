// Enqueues a report from an API call: 202 with the job id at once, the work happens later.
import { getQueue } from '../../../lib/queue'

export const dynamic = 'force-dynamic'

export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => null)) as { title?: unknown } | null
  if (typeof body?.title !== 'string' || body.title.trim() === '') {
    return Response.json({ error: { code: 'invalid_field', message: 'title must be a non-empty string' } }, { status: 400 })
  }
  const queue = await getQueue()
  const job = await queue.add('report.build', { title: body.title }, { maxAttempts: 3 })
  return Response.json({ id: job.id, state: job.state }, { status: 202 })
}
