// The state of one report job, for the page to poll: only what the page shows, no admin API.
import { getQueue } from '../../../../lib/queue'

export const dynamic = 'force-dynamic'

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await context.params
  const job = await (await getQueue()).get(id)
  if (job === null || job.name !== 'report.build') {
    return Response.json({ error: { code: 'not_found', message: `no report job ${id}` } }, { status: 404 })
  }
  return Response.json({ id: job.id, state: job.state, attempts: job.attempts, result: job.result, lastError: job.lastError })
}
