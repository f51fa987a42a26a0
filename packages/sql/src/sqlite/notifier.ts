import type { Notifier } from '@queue/core'

/**
 * Wake-ups inside one process, shared by every store on the same file and table prefix (sqlite
 * has no server to push them). Workers in other processes poll. Listeners run on a macrotask, so
 * a synchronous `db.transaction(() => queue.add(…))` has committed before anyone claims.
 */
export class LocalNotifier implements Notifier {
  readonly #listeners = new Set<(queue: string) => void>()

  async listen(onWake: (queue: string) => void): Promise<() => Promise<void>> {
    const listener = (queue: string): void => onWake(queue)
    this.#listeners.add(listener)
    return async () => {
      this.#listeners.delete(listener)
    }
  }

  async notify(queue: string): Promise<void> {
    if (this.#listeners.size === 0) return
    const listeners = [...this.#listeners]
    setImmediate(() => {
      for (const listener of listeners) {
        try {
          listener(queue)
        } catch {
          // One listener's failure must not keep the others asleep.
        }
      }
    })
  }
}

const shared = new Map<string, LocalNotifier>()

/** The notifier for one database file and prefix, created on first use. */
export function localNotifier(key: string): LocalNotifier {
  let notifier = shared.get(key)
  if (notifier === undefined) shared.set(key, (notifier = new LocalNotifier()))
  return notifier
}
