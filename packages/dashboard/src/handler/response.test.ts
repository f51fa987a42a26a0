import { Script } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { createDashboardHandler, dashboardResponse } from '../index.js'
import { CLIENT_SCRIPT } from '../page/client/index.js'

function nonceOf(csp: string): string {
  const match = /script-src 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)
  if (!match) throw new Error(`no script nonce in ${csp}`)
  return match[1] as string
}

describe('dashboardResponse', () => {
  it('answers an HTML page with a strict CSP, no caching and no framing', async () => {
    const response = dashboardResponse({ apiBase: '' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    const csp = response.headers.get('content-security-policy') as string
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain("connect-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect((await response.text()).startsWith('<!doctype html>')).toBe(true)
  })

  it('lets only the inline script and style carrying this response’s nonce run', async () => {
    const response = dashboardResponse({ apiBase: '' })
    const nonce = nonceOf(response.headers.get('content-security-policy') as string)
    expect(response.headers.get('content-security-policy')).toContain(`style-src 'nonce-${nonce}'`)
    const html = await response.text()
    const scripts = html.match(/<script\b[^>]*>/g) ?? []
    const styles = html.match(/<style\b[^>]*>/g) ?? []
    expect(scripts).toEqual([`<script nonce="${nonce}">`])
    expect(styles).toEqual([`<style nonce="${nonce}">`])
  })

  it('uses a fresh nonce for every response', () => {
    const a = nonceOf(dashboardResponse({ apiBase: '' }).headers.get('content-security-policy') as string)
    const b = nonceOf(dashboardResponse({ apiBase: '' }).headers.get('content-security-policy') as string)
    expect(a).not.toBe(b)
    expect(Buffer.from(a, 'base64')).toHaveLength(16)
  })

  it('loads nothing from outside the page: no src, href or url() to another resource', async () => {
    const html = await dashboardResponse({ apiBase: '' }).text()
    expect(html).not.toMatch(/\bsrc\s*=/i)
    expect(html).not.toMatch(/<link\b/i)
    expect(html).not.toMatch(/url\(/i)
    expect(html).not.toMatch(/@import/i)
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
  })

  it('escapes the title and the API base it embeds', async () => {
    const html = await dashboardResponse({ apiBase: '/q"><script>alert(1)</script>', title: '<b>Ops</b> & "jobs"' }).text()
    expect(html).toContain('<title>&lt;b&gt;Ops&lt;/b&gt; &amp; &quot;jobs&quot;</title>')
    expect(html).toContain('data-api-base="/q&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(html.match(/<script\b/g)).toHaveLength(1)
  })

  it('strips a trailing slash from the API base and clamps the poll interval', async () => {
    const html = await dashboardResponse({ apiBase: '/queue/', pollMs: 10 }).text()
    expect(html).toContain('data-api-base="/queue"')
    expect(html).toContain('data-poll-ms="500"')
    expect(await dashboardResponse({ apiBase: '' }).text()).toContain('data-poll-ms="2000"')
  })
})

describe('the page shell', () => {
  it('holds no job data: every table and count starts empty', async () => {
    const html = await dashboardResponse({ apiBase: '' }).text()
    expect(html).toContain('<tbody id="queues-body"></tbody>')
    expect(html).toContain('<tbody id="jobs-body"></tbody>')
    expect(html).toContain('<aside id="detail" class="panel detail" aria-live="polite" hidden></aside>')
    for (const id of ['threads-working', 'total-waiting', 'rate-completed', 'total-failed']) {
      expect(html).toMatch(new RegExp(`id="${id}">–<`))
    }
  })

  it('carries a script that parses, runs in strict mode and never closes its own script element', () => {
    expect(() => new Script(CLIENT_SCRIPT)).not.toThrow()
    expect(CLIENT_SCRIPT).toContain("'use strict'")
    expect(CLIENT_SCRIPT.toLowerCase()).not.toContain('</script')
  })

  it('never renders through innerHTML, outerHTML, insertAdjacentHTML, document.write or eval', () => {
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
      expect(CLIENT_SCRIPT).not.toContain(sink)
    }
  })
})

describe('createDashboardHandler', () => {
  it('serves the page for GET with the API beside the page', async () => {
    const handle = createDashboardHandler()
    const response = await handle(new Request('http://x.test/ops/queue/dashboard'))
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('data-api-base="/ops/queue"')
    const atRoot = await handle(new Request('http://x.test/dashboard/'))
    expect(await atRoot.text()).toContain('data-api-base=""')
  })

  it('uses an explicit API base and title', async () => {
    const handle = createDashboardHandler({ apiBase: '/api/queue', title: 'Billing jobs' })
    const html = await (await handle(new Request('http://x.test/admin/jobs'))).text()
    expect(html).toContain('data-api-base="/api/queue"')
    expect(html).toContain('<h1>Billing jobs</h1>')
  })

  it('answers HEAD with the headers and no body', async () => {
    const response = await createDashboardHandler()(new Request('http://x.test/dashboard', { method: 'HEAD' }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toBe('')
  })

  it('answers 405 with Allow for other methods', async () => {
    const response = await createDashboardHandler()(new Request('http://x.test/dashboard', { method: 'POST', body: 'x' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
    expect(await response.json()).toEqual({ error: { code: 'method_not_allowed', message: expect.stringContaining('POST') } })
  })
})
