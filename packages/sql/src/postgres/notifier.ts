import type { Notifier } from '@queue/core'
import pg from 'pg'

/** Options of `PgNotifier`. */
export interface PgNotifierOptions {
  /** How to open the dedicated LISTEN connection. */
  connection: pg.ClientConfig
  /** The channel: `postgresChannel({ schema, tablePrefix })` for a store's jobs. */
  channel: string
  /** Sends `notify()`; any pg Pool or Client. */
  sender: Pick<pg.ClientBase, 'query'>
  /** Delay before reconnecting a lost LISTEN connection. Default 1000 ms. */
  reconnectMs?: number
}

/**
 * LISTEN/NOTIFY wake-ups on one dedicated connection, shared by every listener of this notifier
 * and opened on the first `listen`. The store notifies inside its INSERT statement, so a listener
 * hears about a job only after the transaction that added it commits. After a lost connection it
 * reconnects and wakes every listener once with `''` (it may have missed notifications).
 */
export class PgNotifier implements Notifier {
  readonly #options: PgNotifierOptions
  readonly #listeners = new Set<(queue: string) => void>()
  #client: pg.Client | null = null
  #connecting: Promise<void> | null = null
  #closed = false
  #timer: NodeJS.Timeout | null = null

  constructor(options: PgNotifierOptions) {
    this.#options = options
  }

  async listen(onWake: (queue: string) => void): Promise<() => Promise<void>> {
    if (this.#closed) throw new Error('the notifier is closed')
    const listener = (queue: string): void => onWake(queue)
    this.#listeners.add(listener)
    try {
      await this.#connect()
    } catch (error) {
      this.#listeners.delete(listener)
      throw error
    }
    return async () => {
      this.#listeners.delete(listener)
      if (this.#listeners.size === 0) await this.#disconnect()
    }
  }

  async notify(queue: string): Promise<void> {
    await this.#options.sender.query('SELECT pg_notify($1, $2)', [this.#options.channel, queue])
  }

  /** Closes the LISTEN connection for good. */
  async close(): Promise<void> {
    this.#closed = true
    this.#listeners.clear()
    await this.#disconnect()
  }

  #wake(queue: string): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(queue)
      } catch {
        // One listener's failure must not keep the others asleep.
      }
    }
  }

  #connect(): Promise<void> {
    if (this.#client !== null) return Promise.resolve()
    this.#connecting ??= (async () => {
      const client = new pg.Client(this.#options.connection)
      client.on('notification', (message) => {
        if (message.channel === this.#options.channel) this.#wake(message.payload ?? '')
      })
      client.on('error', () => this.#lost(client))
      client.on('end', () => this.#lost(client))
      try {
        await client.connect()
        await client.query(`LISTEN "${this.#options.channel.replaceAll('"', '""')}"`)
      } catch (error) {
        client.removeAllListeners()
        await client.end().catch(() => {})
        throw error
      }
      this.#client = client
    })().finally(() => {
      this.#connecting = null
    })
    return this.#connecting
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return
    this.#client = null
    client.removeAllListeners()
    client.on('error', () => {})
    if (this.#closed || this.#listeners.size === 0) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      this.#connect().then(
        () => this.#wake(''),
        () => this.#lost(client),
      )
    }, this.#options.reconnectMs ?? 1000)
    this.#timer.unref()
  }

  async #disconnect(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer)
    this.#timer = null
    await this.#connecting?.catch(() => {})
    const client = this.#client
    this.#client = null
    if (client === null) return
    client.removeAllListeners()
    client.on('error', () => {})
    await client.end().catch(() => {})
  }
}
