/** Test harness: a queue on a real store and a `call()` that drives the handler with `new Request`. */
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { JobStore } from '@queue/core'
import { Queue, memoryStore } from '@queue/core'
import { sqliteStore } from '@queue/sql/sqlite'
import { createHttpHandler } from '../src/index.js'
import type { HttpApiOptions } from '../src/index.js'

/** A store under test and how to dispose of it. */
export interface StoreTarget {
  store: JobStore
  cleanup(): Promise<void>
}

/** Every store the route suites run on: memory, and SQLite on a fresh temp file per test. */
export const storeFactories: [string, () => Promise<StoreTarget>][] = [
  [
    'memory',
    async () => {
      const store = memoryStore()
      return { store, cleanup: () => store.close() }
    },
  ],
  [
    'sqlite',
    async () => {
      const filename = path.join(tmpdir(), `queue-http-${randomUUID()}.db`)
      const store = sqliteStore({ filename })
      return {
        store,
        async cleanup() {
          await store.close()
          await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(`${filename}${suffix}`, { force: true })))
        },
      }
    },
  ],
]

export interface CallOptions {
  body?: unknown
  /** Sent as-is instead of JSON-encoding `body`. */
  raw?: string | Uint8Array
  headers?: Record<string, string>
  token?: string
}

export interface CallResult {
  status: number
  headers: Headers
  // biome-ignore lint: tests read answers loosely
  body: any
  text: string
}

/** A handler on a queue, with a small request helper. */
export interface Harness {
  queue: Queue
  store: JobStore
  handler: (request: Request) => Promise<Response>
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>
  close(): Promise<void>
}

/** Builds a harness; `options` are passed to `createHttpHandler` (the queue is supplied). */
export async function harness(target: StoreTarget, options: Omit<HttpApiOptions, 'queue'> = {}, wrap?: (store: JobStore) => JobStore): Promise<Harness> {
  const store = wrap ? wrap(target.store) : target.store
  const queue = new Queue({ store })
  const handler = createHttpHandler({ ...options, queue })
  return {
    queue,
    store,
    handler,
    async call(method, path, call = {}) {
      const headers: Record<string, string> = { ...call.headers }
      if (call.token !== undefined) headers.authorization = `Bearer ${call.token}`
      let body: string | Uint8Array | undefined = call.raw
      if (body === undefined && call.body !== undefined) {
        body = JSON.stringify(call.body)
        headers['content-type'] ??= 'application/json'
      }
      const response = await handler(new Request(`http://queue.test${path}`, { method, headers, ...(body === undefined ? {} : { body }) }))
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = JSON.parse(text)
      } catch {}
      return { status: response.status, headers: response.headers, body: parsed, text }
    },
    close: () => target.cleanup(),
  }
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error('condition not met before the deadline')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
