/**
 * Test support for the engine's tests (not exported from the package): a store wrapper that records
 * every call and can make chosen methods fail, and a deadline-bounded wait for a condition.
 */
import type { JobStore } from '../store/port.js'

type Method = Exclude<keyof JobStore, 'capabilities' | 'notifier'>

export interface SpyStore {
  store: JobStore
  /** The params object of every call, per method. */
  calls: Partial<Record<Method, unknown[]>>
  /** Makes the next `times` calls of `method` reject with an injected error. */
  failNext(method: Method, times?: number): void
  /** Number of calls of `method` so far. */
  count(method: Method): number
}

export function spyStore(inner: JobStore): SpyStore {
  const calls: Partial<Record<Method, unknown[]>> = {}
  const failures = new Map<Method, number>()
  const store = new Proxy(inner, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      const method = prop as Method
      return (...args: unknown[]) => {
        ;(calls[method] ??= []).push(args[0])
        const left = failures.get(method) ?? 0
        if (left > 0) {
          failures.set(method, left - 1)
          return Promise.reject(new Error(`injected ${method} failure`))
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args)
      }
    },
  })
  return {
    store,
    calls,
    failNext: (method, times = 1) => failures.set(method, times),
    count: (method) => calls[method]?.length ?? 0,
  }
}

/** Polls `condition` every 2 ms until it holds; fails after `timeoutMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** A promise with its resolve function, for handlers that a test releases by hand. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void
  const promise = new Promise<T>((resolve) => (open = resolve))
  return { promise, open }
}
