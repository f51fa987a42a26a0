import { randomBytes } from 'node:crypto'
import { Socket } from 'node:net'
import { describe, it } from 'vitest'
import type { Dialect } from '../src/executor.js'
import { schemaVersion } from '../src/schema/migrations.js'

export const PG_URL = process.env.QUEUE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const MYSQL_URL = process.env.QUEUE_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** A random suffix for this run's schema / database / prefix, so parallel runs never collide. */
export function suffix(): string {
  return randomBytes(4).toString('hex')
}

/** True when something accepts TCP connections at host:port within 1 s. */
export function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (up: boolean): void => {
      socket.destroy()
      resolve(up)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(port, host, () => done(true))
  })
}

/**
 * Registers `register()` when the service is up. Locally a missing service skips loudly; in CI
 * (`CI=true`) it fails, so a broken service can never pass as green.
 */
export async function withService(name: string, host: string, port: number, register: () => void): Promise<void> {
  if (await reachable(host, port)) return register()
  if (process.env.CI === 'true') {
    describe(`${name} at ${host}:${port}`, () => it('is reachable', () => {
      throw new Error(`${name} is not reachable at ${host}:${port} (CI=true: failing instead of skipping)`)
    }))
    return
  }
  console.warn(`\n!!! ${name} is not reachable at ${host}:${port}: SKIPPING its tests !!!\n`)
  describe.skip(`${name} (unreachable at ${host}:${port})`, () => it('needs the service', () => {}))
}

/** One migrations-table row per schema version of `dialect`, oldest first: what a migrated database records. */
export function everyVersion(dialect: Dialect): { version: number }[] {
  return Array.from({ length: schemaVersion(dialect) }, (_, i) => ({ version: i + 1 }))
}
