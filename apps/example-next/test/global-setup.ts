// Builds the app with `next build`, starts `next start` on a free port and the example's worker
// process, and hands the URL to the tests. SQLite in a temporary folder by default; PostgreSQL
// (in a schema of its own, dropped afterwards) when E2E_DATABASE_URL is set.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { freePort, nextBuild, nextStart, run, waitUntilUp, type Running } from './app-process.js'

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string
    queueToken: string
    logDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'example-next-'))
  const port = await freePort()
  const appUrl = `http://127.0.0.1:${port}`
  const queueToken = `token-${Math.random().toString(36).slice(2)}`
  const env: Record<string, string> = {
    NEXT_TELEMETRY_DISABLED: '1',
    QUEUE_SQLITE_FILE: join(dir, 'queue.db'),
    QUEUE_SECRET: `secret-${Math.random().toString(36).slice(2)}-for-e2e`,
    QUEUE_TOKEN: queueToken,
    APP_URL: appUrl,
  }

  let dropSchema = async () => {}
  if (process.env.E2E_DATABASE_URL) {
    const schema = `example_next_${Math.random().toString(36).slice(2, 10)}`
    Object.assign(env, { QUEUE_DATABASE_URL: process.env.E2E_DATABASE_URL, QUEUE_DATABASE_SCHEMA: schema })
    dropSchema = async () => {
      const pg = (await import('pg')).default
      const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
  }

  const started = Date.now()
  await nextBuild(env, join(dir, 'build.log'))
  console.log(`[example-next] next build took ${((Date.now() - started) / 1000).toFixed(1)} s`)

  const running: Running[] = []
  const server = nextStart(port, env, join(dir, 'next.log'))
  running.push(server)
  const teardown = async () => {
    await Promise.all(running.map((r) => r.stop()))
    await dropSchema()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitUntilUp(`${appUrl}/api/queue/healthz`, server)
    running.push(run(['worker.mjs'], env, join(dir, 'worker.log')))
  } catch (error) {
    await teardown()
    throw error
  }

  project.provide('appUrl', appUrl)
  project.provide('queueToken', queueToken)
  project.provide('logDir', dir)
  return teardown
}
