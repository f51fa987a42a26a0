import type { Job, Queue } from '@queue/core'

/** Polls until `check` returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Resolves with the job once it reached `state`. */
export function waitForState(queue: Queue, id: string, state: Job['state'], timeoutMs?: number): Promise<Job> {
  return waitFor(async () => {
    const job = await queue.get(id)
    return job?.state === state ? job : null
  }, timeoutMs)
}
