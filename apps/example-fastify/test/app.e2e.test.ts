// The real Fastify server on a port: an order enqueues a job that the in-app worker runs, a signed
// payment webhook is stored and processed, and the admin API wants its token.
import { createHmac } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'

const queueToken = 'test-admin-token'
const paymentsSecret = 'test-payments-secret'
let app: FastifyInstance
let base: string
let dir: string
let cleanup = async () => {}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'example-fastify-'))
  const env: NodeJS.ProcessEnv = { SQLITE_FILE: join(dir, 'queue.db') }
  if (process.env.E2E_DATABASE_URL) {
    // PostgreSQL: a schema of its own for this run, dropped afterwards.
    const schema = `example_fastify_${Math.random().toString(36).slice(2, 10)}`
    Object.assign(env, { DATABASE_URL: process.env.E2E_DATABASE_URL, DATABASE_SCHEMA: schema })
    const pg = (await import('pg')).default
    cleanup = async () => {
      const admin = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL })
      await admin.connect()
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await admin.end()
    }
  }
  app = await buildApp({ queueToken, paymentsSecret, logger: false }, env)
  base = await app.listen({ port: 0, host: '127.0.0.1' })
})

afterAll(async () => {
  await app?.close()
  await cleanup()
  rmSync(dir, { recursive: true, force: true })
})

async function waitFor<T>(read: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== null) return value
    if (Date.now() > deadline) throw new Error(`not done after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

const admin = { authorization: `Bearer ${queueToken}` }

describe('example-fastify', () => {
  it('confirms an order in the in-app worker', async () => {
    const response = await fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: 'c-1', items: [{ sku: 'tea', quantity: 3, priceCents: 450 }] }),
    })
    expect(response.status).toBe(202)
    const { jobId } = (await response.json()) as { jobId: string }
    const order = await waitFor(async () => {
      const body = (await (await fetch(`${base}/orders/${jobId}`)).json()) as { state: string; result: { totalCents: number } | null }
      return body.state === 'completed' ? body : null
    })
    expect(order.result?.totalCents).toBe(1350)
  })

  it('answers 400 for an order without items', async () => {
    const response = await fetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customer: 'c', items: [] }) })
    expect(response.status).toBe(400)
  })

  it('stores a signed payment webhook, answers 202, and processes it', async () => {
    const body = JSON.stringify({ id: 'pay_123', amountCents: 1350 })
    const signature = `sha256=${createHmac('sha256', paymentsSecret).update(body).digest('hex')}`
    const response = await fetch(`${base}/queue/hooks/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body,
    })
    expect(response.status).toBe(202)
    const { id } = (await response.json()) as { id: string }
    const job = await waitFor(async () => {
      const answer = (await (await fetch(`${base}/queue/api/v1/jobs/${id}`, { headers: admin })).json()) as { job: { state: string; result: unknown } }
      return answer.job.state === 'completed' ? answer.job : null
    })
    expect(job.result).toEqual({ paymentId: 'pay_123', amountCents: 1350 })
  })

  it('refuses a webhook with a wrong signature', async () => {
    const response = await fetch(`${base}/queue/hooks/payments`, { method: 'POST', headers: { 'x-hub-signature-256': 'sha256=00' }, body: '{}' })
    expect(response.status).toBe(401)
  })

  it('guards the admin API with the token and leaves the health check open', async () => {
    expect((await fetch(`${base}/queue/api/v1/jobs`)).status).toBe(401)
    expect((await fetch(`${base}/queue/api/v1/jobs`, { headers: admin })).status).toBe(200)
    expect((await fetch(`${base}/queue/healthz`)).status).toBe(200)
  })
})
