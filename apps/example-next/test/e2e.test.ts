// The built app on a port: a real request to a route that enqueues, the worker process claiming
// the job and running it through the app's signed /api/jobs route, and the admin API.
import { describe, expect, inject, it } from 'vitest'

const appUrl = inject('appUrl')
const token = inject('queueToken')

interface ReportJob {
  id: string
  state: string
  attempts: number
  result: { title: string; words: number } | null
  lastError: string | null
}

async function waitForReport(id: string, state: string, timeoutMs = 20_000): Promise<ReportJob> {
  const deadline = Date.now() + timeoutMs
  let last: ReportJob | undefined
  for (;;) {
    const response = await fetch(`${appUrl}/api/reports/${id}`)
    last = (await response.json()) as ReportJob
    if (last.state === state) return last
    if (Date.now() > deadline) throw new Error(`report ${id} is ${last.state}, not ${state}: ${JSON.stringify(last)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('example-next under next start', () => {
  it('enqueues from an API route and the worker completes the job through the job route', async () => {
    const response = await fetch(`${appUrl}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Quarterly sales summary' }),
    })
    expect(response.status).toBe(202)
    const { id } = (await response.json()) as { id: string }
    const done = await waitForReport(id, 'completed')
    expect(done.result).toMatchObject({ title: 'Quarterly sales summary', words: 3 })
    expect(done.attempts).toBe(1)
  })

  it('fails a job for good when the app handler throws a PermanentError', async () => {
    const admin = await fetch(`${appUrl}/api/queue/api/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'report.build', payload: { title: '  ' } }),
    })
    expect(admin.status).toBe(201)
    const { job } = (await admin.json()) as { job: { id: string } }
    const failed = await waitForReport(job.id, 'failed')
    expect(failed.attempts).toBe(1)
    expect(failed.lastError).toMatch(/title is required/)
  })

  it('guards the admin API with the bearer token', async () => {
    expect((await fetch(`${appUrl}/api/queue/api/v1/jobs`)).status).toBe(401)
    const listed = await fetch(`${appUrl}/api/queue/api/v1/jobs?name=report.build`, { headers: { authorization: `Bearer ${token}` } })
    expect(listed.status).toBe(200)
    expect(((await listed.json()) as { jobs: unknown[] }).jobs.length).toBeGreaterThan(0)
  })

  it('refuses an unsigned request to the job route', async () => {
    const response = await fetch(`${appUrl}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ job: { id: '1', name: 'report.build', queue: 'default', attempt: 1, maxAttempts: 1 }, payload: { title: 'x' } }),
    })
    expect(response.status).toBe(401)
  })

  it('answers 400 for a report without a title', async () => {
    const response = await fetch(`${appUrl}/api/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(response.status).toBe(400)
  })
})
