// The dashboard as a person sees it: Debian's chromium, driven by playwright-core, against the
// @queue/http handler on node:http with a real worker, under the page's own CSP.
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PermanentError, Queue, Worker, memoryStore, silentLogger, type JobStore } from '@queue/core'
import { type Browser, type Page, chromium } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type HttpApiOptions, createHttpHandler } from '../index.js'

// Generous: CI runs every package's tests at once on two cores, and a page's first paint can take seconds.
const WAIT = { timeout: 10_000 }
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const available = existsSync(executablePath)
if (!available) {
  if (process.env.CI === 'true') throw new Error(`chromium not found at ${executablePath}; CI must install it (apt-get install -y chromium)`)
  console.warn(`\n*** @queue/http: SKIPPING the dashboard browser tests: no chromium at ${executablePath} (apt-get install -y chromium) ***\n`)
}

interface Served {
  url: string
  queue: Queue
  store: JobStore
  close(): Promise<void>
}

/** The API on a free loopback port through a minimal node:http bridge, as in the README. */
async function serve(store: JobStore, options: Omit<HttpApiOptions, 'queue'> = {}): Promise<Served> {
  const queue = new Queue({ store })
  const handle = createHttpHandler({ ...options, queue })
  const server = createServer(async (req, res) => {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).map(([k, v]) => [k, String(v)]),
      ...(hasBody ? { body: req, duplex: 'half' } : {}),
    } as RequestInit)
    const response = await handle(request)
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    queue,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/** Records CSP violations from the first script on, so a blocked inline script or style fails the test. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  // Strings, not functions: they run in the page, and this package is type-checked without the DOM lib.
  await page.addInitScript({
    content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))",
  })
  return () => page.evaluate<string[]>('window.__csp')
}

/** The count a queue row shows for a state. */
function count(page: Page, queue: string, state: string) {
  return page.locator(`#queues-body tr[data-queue="${queue}"] button[data-state="${state}"]`)
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe.skipIf(!available)('the dashboard in chromium', () => {
  let browser: Browser
  const cleanups: (() => Promise<void>)[] = []

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  })
  afterAll(() => browser?.close())
  afterEach(async () => {
    // Pages first: they keep polling the server.
    for (const context of browser.contexts()) await context.close()
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  it('shows counts per queue, opens a failed job, retries it and watches it complete', async () => {
    const store = memoryStore()
    let reportRuns = 0
    const worker = new Worker({
      store,
      concurrency: 2,
      pollMs: { min: 5, max: 50 },
      logger: silentLogger,
      handlers: {
        'email.send': async (payload: { to: string }) => ({ sent: payload.to }),
        'report.build': async () => {
          reportRuns += 1
          if (reportRuns === 1) throw new PermanentError('disk full while writing <b>report</b>')
          return { rows: 3 }
        },
      },
    })
    const api = await serve(store, { maxThreads: 2 })
    cleanups.push(() => store.close(), () => worker.stop(), () => api.close())
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) await api.queue.add('email.send', { to }, { queue: 'email' })
    await api.queue.add('email.send', { to: 'later@example.com' }, { queue: 'email', delayMs: 3_600_000 })
    const failing = await api.queue.add('report.build', { title: '<img src=x onerror="window.__pwned=1">' }, { queue: 'reports' })
    worker.start()
    await until(async () => (await api.queue.counts({ queue: 'email' })).completed === 3 && (await api.queue.counts({ queue: 'reports' })).failed === 1, 'jobs to settle')

    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } })
    const violations = await watchCsp(page)
    await page.goto(`${api.url}/dashboard`)

    await expect.poll(() => count(page, 'email', 'completed').textContent(), WAIT).toBe('3')
    expect(await count(page, 'email', 'scheduled').textContent()).toBe('1')
    expect(await count(page, 'reports', 'failed').textContent()).toBe('1')
    expect(await page.locator('#threads-free').textContent()).toBe('2 free of 2')
    expect(await page.locator('#total-failed').textContent()).toBe('1')
    await expect.poll(() => page.locator('#status').getAttribute('data-kind'), WAIT).toBe('live')
    // A second sample turns the counts into a rate.
    await expect.poll(() => page.locator('#rate-completed').textContent(), WAIT).toMatch(/^\d/)

    // The failed count of a queue filters the job list.
    await count(page, 'reports', 'failed').click()
    const row = page.locator(`#jobs-body tr[data-job-id="${failing.id}"]`)
    await row.waitFor()
    await expect.poll(() => page.locator('#jobs-body tr').count(), WAIT).toBe(1)
    expect(await page.locator('#filter-state').inputValue()).toBe('failed')
    await row.click()

    const detail = page.locator('#detail')
    await detail.locator('[data-block="last error"] pre').waitFor()
    expect(await detail.locator('[data-block="last error"] pre').textContent()).toContain('disk full while writing <b>report</b>')
    // User data is shown as text, never parsed as markup.
    expect(await detail.locator('[data-block="payload"] pre').textContent()).toContain('<img src=x onerror=')
    expect(await detail.locator('img').count()).toBe(0)
    expect(await page.evaluate('window.__pwned')).toBeUndefined()
    expect(await detail.locator('dd').allTextContents()).toEqual(expect.arrayContaining(['1 of 25', 'reports', 'report.build']))
    expect(await detail.locator('button[data-action="cancel"]').isDisabled()).toBe(true)
    await mkdir('.test-results', { recursive: true })
    await page.screenshot({ path: '.test-results/dashboard.png', fullPage: true })

    await detail.locator('button[data-action="retry"]').click()
    await expect.poll(() => detail.locator('header .badge').textContent(), WAIT).toBe('completed')
    expect(await detail.locator('[data-block="result"] pre').textContent()).toContain('"rows": 3')
    expect(await detail.locator('dd').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^pid \d+ on /)]))
    expect(reportRuns).toBe(2)
    expect(await violations()).toEqual([])
  })

  it('cancels a scheduled job, refuses to retry it twice, and deletes it', async () => {
    const store = memoryStore()
    const api = await serve(store)
    cleanups.push(() => store.close(), () => api.close())
    const later = await api.queue.add('digest.send', { week: 48 }, { delayMs: 3_600_000 })

    const page = await browser.newPage()
    await page.goto(`${api.url}/dashboard`)
    await page.locator(`#jobs-body tr[data-job-id="${later.id}"]`).click()
    const detail = page.locator('#detail')
    await detail.locator('button[data-action="cancel"]').click()
    await expect.poll(() => detail.locator('header .badge').textContent(), WAIT).toBe('cancelled')
    expect((await api.queue.get(later.id))?.state).toBe('cancelled')

    await detail.locator('button[data-action="delete"]').click()
    expect(await detail.locator('button[data-action="delete"]').textContent()).toBe('Confirm delete')
    expect(await api.queue.get(later.id)).not.toBeNull()
    await detail.locator('button[data-action="delete"]').click()
    await expect.poll(() => page.locator('#jobs-body tr').count(), WAIT).toBe(0)
    expect(await api.queue.get(later.id)).toBeNull()
    expect(await detail.isHidden()).toBe(true)
  })

  it('pages through jobs with the cursor and filters by name', async () => {
    const store = memoryStore()
    const api = await serve(store)
    cleanups.push(() => store.close(), () => api.close())
    await api.queue.addMany(Array.from({ length: 30 }, (_, i) => ({ name: i % 2 === 0 ? 'even' : 'odd', payload: { i } })))

    const page = await browser.newPage()
    await page.goto(`${api.url}/dashboard`)
    await expect.poll(() => page.locator('#jobs-body tr').count(), WAIT).toBe(25)
    await page.locator('#page-older').click()
    await expect.poll(() => page.locator('#jobs-body tr').count(), WAIT).toBe(5)
    expect(await page.locator('#page-info').textContent()).toBe('page 2')
    expect(await page.locator('#page-older').isDisabled()).toBe(true)
    await page.locator('#page-newer').click()
    await expect.poll(() => page.locator('#jobs-body tr').count(), WAIT).toBe(25)
    await page.locator('#filter-name').fill('odd')
    await expect.poll(() => page.locator('#jobs-body tr').count(), WAIT).toBe(15)
    expect(new Set(await page.locator('#jobs-body tr td:nth-child(3)').allTextContents())).toEqual(new Set(['odd']))
  })

  it('asks for the token when the API answers 401, keeps it for the tab, and asks again when it is refused', async () => {
    const store = memoryStore()
    const api = await serve(store, { token: 'tok-123' })
    cleanups.push(() => store.close(), () => api.close())
    await api.queue.add('email.send', { to: 'a@example.com' }, { queue: 'email' })

    const page = await browser.newPage()
    await page.goto(`${api.url}/dashboard`)
    const dialog = page.locator('#auth')
    await dialog.waitFor({ state: 'visible' })
    expect(await page.locator('#status').getAttribute('data-kind')).toBe('auth')
    expect(await page.locator('#queues-body tr').count()).toBe(0)

    await page.locator('#auth-token').fill('wrong')
    await page.locator('#auth-form button[type="submit"]').click()
    await expect.poll(() => page.locator('#auth-message').textContent(), WAIT).toContain('refused')
    await dialog.waitFor({ state: 'visible' })

    await page.locator('#auth-token').fill('tok-123')
    await page.locator('#auth-form button[type="submit"]').click()
    await expect.poll(() => count(page, 'email', 'ready').textContent(), WAIT).toBe('1')
    expect(await dialog.isHidden()).toBe(true)

    await page.reload()
    await expect.poll(() => count(page, 'email', 'ready').textContent(), WAIT).toBe('1')
    expect(await dialog.isHidden()).toBe(true)

    await page.locator('#signout').click()
    await dialog.waitFor({ state: 'visible' })
    expect(await page.evaluate('sessionStorage.length')).toBe(0)
  })
})
