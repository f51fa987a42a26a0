'use server'
// The form's server action: enqueues with the same Queue as the API routes.
import { getQueue } from '../lib/queue'

export interface EnqueueState {
  id: string | null
  error: string | null
}

export async function enqueueReport(_previous: EnqueueState, form: FormData): Promise<EnqueueState> {
  const title = form.get('title')
  if (typeof title !== 'string' || title.trim() === '') return { id: null, error: 'Please enter a title.' }
  const queue = await getQueue()
  const job = await queue.add('report.build', { title }, { maxAttempts: 3 })
  return { id: job.id, error: null }
}
