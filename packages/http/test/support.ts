/** Test harness: a queue on a real store and a `call()` that drives the handler with `new Request`. */
import { randomUUID } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { JobStore } from '@queue/core'
import { Queue, memoryStore } from '@queue/core'
import { postgresStore } from '@queue/sql/postgres'
import { sqliteStore } from '@queue/sql/sqlite'
import { afterAll } from 'vitest'
import { createHttpHandler } from '../src/index.js'
import type { HttpApiOptions, HttpHandler } from '../src/index.js'

/** A store under test and how to dispose of it. */
export interface StoreTarget {
  store: JobStore
  cleanup(): Promise<void>
}

const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** True when something accepts TCP connections at host:port within a second. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 })
    const done = (up: boolean) => {
      socket.destroy()
      resolve(up)
    }
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
    socket.once('timeout', () => done(false))
  })
}

const postgresUp = await reachable('127.0.0.1', 5432)
if (!postgresUp) {
  if (process.env.CI === 'true') throw new Error('PostgreSQL at 127.0.0.1:5432 is unreachable, and CI=true: refusing to skip')
  console.warn('\n*** @queue/http tests: PostgreSQL at 127.0.0.1:5432 is unreachable; SKIPPING the postgres runs ***\n')
}

/** Every store the route suites run on: memory, SQLite on a fresh temp file, PostgreSQL in a fresh schema. */
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

/**
 * One migrated schema per test file, emptied after each test: a fresh schema costs ~200 ms of DDL,
 * a TRUNCATE a few ms, across the ~120 tests that run on PostgreSQL.
 */
let pgSchema: Promise<string> | null = null
function sharedSchema(): Promise<string> {
  pgSchema ??= (async () => {
    const schema = `queue_http_${randomUUID().replace(/-/g, '').slice(0, 12)}`
    const store = postgresStore({ connectionString: PG_URL, schema, max: 1 })
    await store.migrate()
    await store.close()
    return schema
  })()
  return pgSchema
}
afterAll(async () => {
  if (pgSchema === null) return
  const schema = await pgSchema
  const store = postgresStore({ connectionString: PG_URL, schema, max: 1 })
  await store.executor.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await store.close()
})

if (postgresUp) {
  storeFactories.push([
    'postgres',
    async () => {
      const schema = await sharedSchema()
      const store = postgresStore({ connectionString: PG_URL, schema, max: 4 })
      return {
        store,
        async cleanup() {
          await store.executor.query(`TRUNCATE "${schema}"."queue_jobs" RESTART IDENTITY`)
          await store.close()
        },
      }
    },
  ])
}

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
  // `any`: tests read answers loosely.
  body: any
  text: string
}

/** A handler on a queue, with a small request helper. */
export interface Harness {
  queue: Queue
  store: JobStore
  handler: HttpHandler
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
