import type { Notifier } from '@queue/core'

/** A Notifier that can also release the connection it holds. */
export interface ClosableNotifier extends Notifier {
  close(): Promise<void>
}

/**
 * A notifier opened by `open` on the first `listen` or `notify`, so an adapter loads an optional
 * driver (`@queue/sql/postgres`, and with it pg) only when wake-ups are used. A failed open is not
 * kept: the next call tries again. `close()` closes the notifier if it was opened.
 *
 * @example
 * const notifier = deferredNotifier(async () => {
 *   const { PgNotifier, postgresChannel } = await import('@queue/sql/postgres')
 *   return new PgNotifier({ connection, channel: postgresChannel({ schema }), sender: pool })
 * })
 */
export function deferredNotifier(open: () => Promise<ClosableNotifier>): ClosableNotifier {
  let opening: Promise<ClosableNotifier> | null = null
  const load = (): Promise<ClosableNotifier> => {
    opening ??= (async () => open())().catch((error: unknown) => {
      opening = null
      throw error
    })
    return opening
  }
  return {
    listen: async (onWake) => (await load()).listen(onWake),
    notify: async (queue) => (await load()).notify(queue),
    close: async () => {
      await (await opening?.catch(() => null))?.close()
    },
  }
}
