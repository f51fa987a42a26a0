import type { Job, Queue } from '@queue/core'

/** Resolves with the job once it reached `state`, polling with a deadline. */
export async function waitForState(queue: Queue, id: string, state: Job['state'], timeoutMs = 5000): Promise<Job> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const job = await queue.get(id)
    if (job?.state === state) return job
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job?.state ?? 'gone'}, not ${state}, after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
