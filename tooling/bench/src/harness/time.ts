/** Small timing helpers: sleeping, polling with a deadline, high resolution clocks. */
import { performance } from 'node:perf_hooks'

export const now = (): number => performance.now()

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls `condition` every `everyMs` until it holds; false once `timeoutMs` has passed. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 2): Promise<boolean> {
  const deadline = now() + timeoutMs
  for (;;) {
    if (await condition()) return true
    if (now() > deadline) return false
    await sleep(everyMs)
  }
}

/** A promise with its resolve function, for "wait until the handler has run". */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}
