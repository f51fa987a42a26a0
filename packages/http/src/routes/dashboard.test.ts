import { memoryStore } from '@queue/core'
import { afterEach, describe, expect, it } from 'vitest'
import { type Harness, harness } from '../../test/support.js'

const memory = async () => {
  const store = memoryStore()
  return { store, cleanup: () => store.close() }
}

describe('GET /dashboard', () => {
  let api: Harness | undefined
  afterEach(() => api?.close())

  it('serves the dashboard page by default, as HTML under a nonce CSP', async () => {
    api = await harness(await memory())
    const res = await api.call('GET', '/dashboard')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'nonce-[^']+'/)
    expect(res.text).toContain('data-api-base=""')
  })

  it('serves the shell without the token while every data route still needs it', async () => {
    api = await harness(await memory(), { token: 's3cret' })
    await api.queue.add('email.send', { to: 'secret@example.com' })
    const page = await api.call('GET', '/dashboard')
    expect(page.status).toBe(200)
    expect(page.text).not.toContain('secret@example.com')
    expect(page.text).not.toContain('email.send')
    expect(page.text).not.toContain('s3cret')
    expect((await api.call('GET', '/api/v1/queues')).status).toBe(401)
    expect((await api.call('GET', '/api/v1/jobs')).status).toBe(401)
    expect((await api.call('GET', '/jobs/status')).status).toBe(401)
    expect((await api.call('GET', '/api/v1/queues', { token: 's3cret' })).status).toBe(200)
  })

  it('points the page at the API under the mount prefix', async () => {
    api = await harness(await memory(), { prefix: '/queue' })
    const res = await api.call('GET', '/queue/dashboard')
    expect(res.status).toBe(200)
    expect(res.text).toContain('data-api-base="/queue"')
    expect((await api.call('GET', '/dashboard')).status).toBe(404)
  })

  it('takes a title', async () => {
    api = await harness(await memory(), { dashboard: { title: 'Billing <jobs>' } })
    expect((await api.call('GET', '/dashboard')).text).toContain('<h1>Billing &lt;jobs&gt;</h1>')
  })

  it('is not mounted with dashboard: false', async () => {
    api = await harness(await memory(), { dashboard: false })
    const res = await api.call('GET', '/dashboard')
    expect(res.status).toBe(404)
    expect(res.body.error.code).toBe('not_found')
  })

  it('answers HEAD without a body and 405 for POST', async () => {
    api = await harness(await memory())
    const head = await api.call('HEAD', '/dashboard')
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
    const post = await api.call('POST', '/dashboard', { body: {} })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })
})
