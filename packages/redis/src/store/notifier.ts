import type { Notifier } from '@queue/core'
import type { Redis } from 'ioredis'

/**
 * Wake-ups over Redis pub/sub. The insert, settle (release), reclaim and retry scripts publish the
 * queue name on `<prefix>:wake` themselves; `listen` subscribes one dedicated connection, opened on
 * the first listener, because a subscribed connection can run no other command.
 */
export class RedisNotifier implements Notifier {
  readonly #client: Redis
  readonly #channel: string
  readonly #listeners = new Set<(queue: string) => void>()
  #subscriber: Promise<Redis> | null = null
  #closed = false

  constructor(client: Redis, channel: string) {
    this.#client = client
    this.#channel = channel
  }

  async listen(onWake: (queue: string) => void): Promise<() => Promise<void>> {
    if (this.#closed) throw new Error('the redis store is closed')
    // Wrap so the same callback registered twice gets two independent subscriptions.
    const listener = (queue: string): void => onWake(queue)
    await this.#subscribe()
    this.#listeners.add(listener)
    return async () => {
      this.#listeners.delete(listener)
    }
  }

  async notify(queue: string): Promise<void> {
    await this.#client.publish(this.#channel, queue)
  }

  /** Closes the subscriber connection, if one was opened. */
  async close(): Promise<void> {
    this.#closed = true
    this.#listeners.clear()
    const subscriber = this.#subscriber
    this.#subscriber = null
    if (subscriber === null) return
    const connection = await subscriber.catch(() => null)
    if (connection === null) return
    await connection.quit().catch(() => connection.disconnect())
  }

  #subscribe(): Promise<Redis> {
    this.#subscriber ??= (async () => {
      const connection = this.#client.duplicate()
      connection.on('error', () => {
        // ioredis reconnects by itself; the worker still polls meanwhile, so a lost wake-up is only late.
      })
      connection.on('message', (channel: string, queue: string) => {
        if (channel !== this.#channel) return
        for (const listener of [...this.#listeners]) {
          try {
            listener(queue)
          } catch {
            // A listener's own failure must not stop the others from waking.
          }
        }
      })
      try {
        await connection.subscribe(this.#channel)
      } catch (error) {
        connection.disconnect()
        throw error
      }
      return connection
    })().catch((error: unknown) => {
      // The next listen() tries again with a fresh connection.
      this.#subscriber = null
      throw error
    })
    return this.#subscriber
  }
}
