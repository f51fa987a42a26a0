// The page alone in Debian's chromium (playwright-core), against a small stand-in API on node:http:
// its CSP lets its own script and style run and nothing else, and hostile names render as text.
// The full flow against the real @queue/http API is tested in packages/http (dashboard.browser.test.ts).
import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createDashboardHandler } from '../index.js'

// Generous: CI runs every package's tests at once on two cores, and a page's first paint can take seconds.
const WAIT = { timeout: 10_000 }
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const available = existsSync(executablePath)
if (!available) {
  if (process.env.CI === 'true') throw new Error(`chromium not found at ${executablePath}; CI must install it (apt-get install -y chromium)`)
  console.warn(`\n*** @queue/dashboard: SKIPPING the browser tests: no chromium at ${executablePath} (apt-get install -y chromium) ***\n`)
}

const HOSTILE = '<img src=x onerror="window.__pwned=1">'
const zero = { scheduled: 0, ready: 0, active: 0, waiting: 0, retry: 0, completed: 0, failed: 0, cancelled: 0 }

/** Serves the dashboard at /dashboard and answers API paths from `api`. */
async function serve(api: (path: string, headers: Headers) => { status: number; body?: unknown }, pollMs?: number): Promise<{ url: string; server: Server }> {
  const page = createDashboardHandler(pollMs === undefined ? {} : { pollMs })
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/dashboard') {
      const response = await page(new Request(url))
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(await response.text())
      return
    }
    const answer = api(url.pathname, new Headers(Object.entries(req.headers).map(([k, v]) => [k, String(v)])))
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  // Strings, not functions: they run in the page, and this package is type-checked without the DOM lib.
  await page.addInitScript({
    content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))",
  })
  return () => page.evaluate<string[]>('window.__csp')
}

describe.skipIf(!available)('the dashboard page in chromium', () => {
  let browser: Browser
  let server: Server | undefined
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  })
  afterAll(() => browser?.close())
  afterEach(async () => {
    // Open pages keep polling over keep-alive connections, which would hold server.close() open.
    for (const context of browser.contexts()) await context.close()
    if (!server) return
    const closing = server
    server = undefined
    await new Promise<void>((resolve) => {
      closing.close(() => resolve())
      closing.closeAllConnections()
    })
  })

  it('runs its script under its own CSP, which blocks anything injected into the page', async () => {
    const served = await serve(() => ({ status: 200, body: { queues: [], jobs: [], nextCursor: null, data: { working: 0, max_threads: 0, free_threads: 0 } } }))
    server = served.server
    const page = await browser.newPage()
    const violations = await watchCsp(page)
    await page.goto(`${served.url}/dashboard`)
    await expect.poll(() => page.locator('#status').getAttribute('data-kind'), WAIT).toBe('live')
    expect(await page.locator('#queues-empty').isVisible()).toBe(true)
    expect(await page.locator('#threads-free').textContent()).toBe('no worker threads in this server')
    expect(await violations()).toEqual([])
    // A script element added later, without the nonce, is refused: the policy is really in force.
    await page.evaluate("const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s)")
    await expect.poll(violations, WAIT).toEqual([expect.stringMatching(/^script-src/)])
    expect(await page.evaluate('window.__ran')).toBeUndefined()
  })

  it('renders queue and job names from the API as text', async () => {
    const job = {
      id: '7', queue: HOSTILE, name: HOSTILE, payload: { html: HOSTILE }, state: 'failed', priority: 500, attempts: 1, maxAttempts: 3,
      runAt: new Date().toISOString(), createdAt: new Date().toISOString(), startedAt: null, finishedAt: null,
      groupKey: HOSTILE, uniqueKey: null, result: null, lastError: HOSTILE, progress: null, lockedBy: null, lockedUntil: null, timeoutMs: null, stats: null,
    }
    const served = await serve((path) => {
      if (path === '/api/v1/queues') return { status: 200, body: { queues: [{ name: HOSTILE, counts: { ...zero, failed: 1 } }] } }
      if (path === '/api/v1/jobs') return { status: 200, body: { jobs: [job], nextCursor: null } }
      if (path === '/api/v1/jobs/7') return { status: 200, body: { job } }
      return { status: 200, body: { status: 200, data: { working: 1, max_threads: 4, free_threads: 3 } } }
    })
    server = served.server
    const page = await browser.newPage()
    await page.goto(`${served.url}/dashboard`)
    await expect.poll(() => page.locator('#queues-body th').first().textContent(), WAIT).toBe(HOSTILE)
    await page.locator('#jobs-body tr[data-job-id="7"]').click()
    await expect.poll(() => page.locator('#detail [data-block="last error"] pre').textContent(), WAIT).toBe(HOSTILE)
    expect(await page.locator('#detail dd').allTextContents()).toEqual(expect.arrayContaining([HOSTILE]))
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.evaluate('window.__pwned')).toBeUndefined()
    expect(await page.locator('#threads-free').textContent()).toBe('3 free of 4')
  })

  it('sends the token it was given as a bearer header on every API call', async () => {
    const seen: (string | null)[] = []
    const served = await serve((_path, headers) => {
      seen.push(headers.get('authorization'))
      if (headers.get('authorization') !== 'Bearer t0k') return { status: 401, body: { error: { code: 'unauthorized', message: 'missing' } } }
      return { status: 200, body: { queues: [], jobs: [], nextCursor: null, data: { working: 0, max_threads: 1, free_threads: 1 } } }
    })
    server = served.server
    const page = await browser.newPage()
    await page.goto(`${served.url}/dashboard`)
    await page.locator('#auth').waitFor({ state: 'visible' })
    seen.length = 0
    await page.locator('#auth-token').fill('  t0k  ')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator('#status').getAttribute('data-kind'), WAIT).toBe('live')
    expect(seen.length).toBeGreaterThanOrEqual(3)
    expect(new Set(seen)).toEqual(new Set(['Bearer t0k']))
    expect(await page.evaluate("sessionStorage.getItem('queue-dashboard-token:')")).toBe('t0k')
  })

  it('computes throughput from successive completed and failed counts, reading a drop as zero', async () => {
    let completed = 0
    let pruned = false
    const served = await serve((path) => {
      if (path !== '/api/v1/queues') return { status: 200, body: { jobs: [], nextCursor: null, data: { working: 0, max_threads: 1, free_threads: 1 } } }
      // Each refresh finds 50 more completed jobs and 5 more failed ones, until they are pruned.
      completed += 50
      return { status: 200, body: { queues: [{ name: 'q', counts: pruned ? zero : { ...zero, completed, failed: completed / 10 } }] } }
    }, 500)
    server = served.server
    const page = await browser.newPage()
    await page.goto(`${served.url}/dashboard`)
    const rate = async (id: string) => Number(await page.locator(id).textContent())
    await expect.poll(() => rate('#rate-completed'), WAIT).toBeGreaterThan(0)
    expect(await rate('#rate-failed')).toBeGreaterThan(0)
    // 50 jobs per poll of ~0.5 s: about 100/s, and failed a tenth of that.
    expect(await rate('#rate-completed')).toBeGreaterThan(await rate('#rate-failed'))
    await expect.poll(() => page.locator('#spark polyline').count(), WAIT).toBe(2)
    pruned = true
    await expect.poll(() => page.locator('#rate-completed').textContent(), WAIT).toBe('0.0')
    expect(await page.locator('#rate-failed').textContent()).toBe('0.0')
  })

  it('says so when the API cannot be read, and recovers on the next poll', async () => {
    let up = false
    const served = await serve(() => (up ? { status: 200, body: { queues: [], jobs: [], nextCursor: null, data: {} } } : { status: 500, body: { error: { code: 'internal', message: 'internal server error' } } }))
    server = served.server
    const page = await browser.newPage()
    await page.goto(`${served.url}/dashboard`)
    await expect.poll(() => page.locator('#status').textContent(), WAIT).toBe('cannot load: internal server error')
    up = true
    await expect.poll(() => page.locator('#status').getAttribute('data-kind'), WAIT).toBe('live')
  })
})
