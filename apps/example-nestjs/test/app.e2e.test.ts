// The real Nest application on a port (Express platform) with TypeORM and @queue/typeorm: an HTTP
// signup commits the user and its welcome job together; the module's worker runs the job.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { INestApplication } from '@nestjs/common'
import { DataSource } from 'typeorm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { Invite } from '../src/users/invite.entity.js'

let app: INestApplication
let base: string
let dir: string
let cleanup = async () => {}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'example-nestjs-'))
  if (process.env.E2E_DATABASE_URL) {
    // PostgreSQL: a schema of its own for this run, dropped afterwards.
    const schema = `example_nest_${Math.random().toString(36).slice(2, 10)}`
    const pg = (await import('pg')).default
    const admin = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA ${schema}`)
    process.env.DATABASE_URL = `${process.env.E2E_DATABASE_URL}${process.env.E2E_DATABASE_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`
    process.env.DATABASE_SCHEMA = schema
    cleanup = async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`)
      await admin.end()
    }
  } else {
    process.env.SQLITE_FILE = join(dir, 'app.db')
  }
  app = await createApp({ logger: false })
  await app.listen(0, '127.0.0.1')
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1')
})

afterAll(async () => {
  await app?.close()
  await cleanup()
  rmSync(dir, { recursive: true, force: true })
})

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

async function waitForJob(id: string, state: string, timeoutMs = 10_000): Promise<{ state: string; result: unknown; attempts: number }> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const job = (await (await fetch(`${base}/jobs/${id}`)).json()) as { state: string; result: unknown; attempts: number }
    if (job.state === state) return job
    if (Date.now() > deadline) throw new Error(`job ${id} is ${job.state}, not ${state}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('example-nestjs', () => {
  it('signs a user up and the worker sends the welcome email', async () => {
    const response = await post('/users', { email: 'ada@example.com' })
    expect(response.status).toBe(201)
    const { id, welcomeJobId } = (await response.json()) as { id: number; welcomeJobId: string }

    const job = await waitForJob(welcomeJobId, 'completed')
    expect(job.result).toEqual({ welcomed: 'ada@example.com' })
    const user = (await (await fetch(`${base}/users/${id}`)).json()) as { welcomedAt: string | null }
    expect(user.welcomedAt).not.toBeNull()
  })

  it('rolls back the user and its welcome job together when the invite is used up', async () => {
    await app.get(DataSource).getRepository(Invite).save({ code: 'ONCE', usesLeft: 1 })
    const before = (await (await fetch(`${base}/jobs`)).json()) as Record<string, number>

    expect((await post('/users', { email: 'first@example.com', inviteCode: 'ONCE' })).status).toBe(201)
    const refused = await post('/users', { email: 'second@example.com', inviteCode: 'ONCE' })
    expect(refused.status).toBe(409)

    const after = (await (await fetch(`${base}/jobs`)).json()) as Record<string, number>
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
    expect(total(after) - total(before)).toBe(1) // only the first signup's job exists
    expect((await post('/users', { email: 'second@example.com' })).status).toBe(201) // the email was never taken
  })

  it('refuses a second signup with the same email', async () => {
    expect((await post('/users', { email: 'twice@example.com' })).status).toBe(201)
    expect((await post('/users', { email: 'twice@example.com' })).status).toBe(409)
  })

  it('answers 400 for a body without an email and 404 for an unknown job', async () => {
    expect((await post('/users', { name: 'no email' })).status).toBe(400)
    expect((await fetch(`${base}/jobs/does-not-exist`)).status).toBe(404)
  })
})
