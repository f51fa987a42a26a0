import type { Notifier } from '@queue/core'

/**
 * In-process wake-ups for a SQLite PrismaClient, which has no server to push them: every store on the
 * same PrismaClient shares one. Workers in other processes poll. Listeners run on a macrotask, so the
 * inserting transaction has committed before a woken worker claims.
 */
class LocalNotifier implements Notifier {
  readonly #listeners = new Set<(queue: string) => void>()

  async listen(onWake: (queue: string) => void): Promise<() => Promise<void>> {
    const listener = (queue: string): void => onWake(queue)
    this.#listeners.add(listener)
    return async () => {
      this.#listeners.delete(listener)
    }
  }

  async notify(queue: string): Promise<void> {
    const listeners = [...this.#listeners]
    if (listeners.length === 0) return
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

const shared = new WeakMap<object, LocalNotifier>()

/** The notifier shared by every store on `owner` (a PrismaClient), created on first use. */
export function localNotifier(owner: object): Notifier {
  let notifier = shared.get(owner)
  if (notifier === undefined) shared.set(owner, (notifier = new LocalNotifier()))
  return notifier
}
