/** A Queue bound to one queue name, for `QueueModule.registerQueue('mail')` and `@InjectQueue('mail')`. */
import { Queue, type AddOptions } from '@queue/core'

/**
 * The module's Queue with `queue: name` as the default of `add`/`addMany` and the filter of
 * `counts`/`list`. It is the same store and the same Queue underneath (every other method is the
 * root Queue's, bound to it), and still `instanceof Queue`.
 */
export function namedQueue(root: Queue, name: string): Queue {
  const named = Object.create(root) as Queue
  for (const key of Object.getOwnPropertyNames(Queue.prototype)) {
    const value = (root as unknown as Record<string, unknown>)[key]
    if (key !== 'constructor' && typeof value === 'function') Object.defineProperty(named, key, { value: value.bind(root), configurable: true })
  }
  const withQueue = (options?: AddOptions): AddOptions => ({ queue: name, ...options })
  Object.defineProperties(named, {
    add: { value: (job: string, payload: unknown, options?: AddOptions) => root.add(job, payload, withQueue(options)) },
    addMany: {
      value: (items: Parameters<Queue['addMany']>[0], batch?: Parameters<Queue['addMany']>[1]) =>
        root.addMany(items.map((item) => ({ ...item, options: withQueue(item.options) })), batch),
    },
    counts: { value: (options: { queue?: string } = {}) => root.counts({ queue: name, ...options }) },
    list: { value: (options: Parameters<Queue['list']>[0] = {}) => root.list({ queue: name, ...options }) },
  })
  return named
}
