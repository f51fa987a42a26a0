// A person's view: Debian's chromium, driven by playwright-core, submits the form and watches the
// job's state change until it completes.
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'

const appUrl = inject('appUrl')
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const available = existsSync(executablePath)
if (!available) {
  if (process.env.CI === 'true') throw new Error(`chromium not found at ${executablePath}; CI must install it (apt-get install -y chromium)`)
  console.warn(`[example-next] SKIPPING the browser test: no chromium at ${executablePath} (apt-get install -y chromium)`)
}

describe.skipIf(!available)('the report page in chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  })
  afterAll(() => browser?.close())

  it('enqueues a job from the form and shows its state until it completes', async () => {
    const page = await browser.newPage()
    await page.goto(appUrl)
    await page.getByLabel('Report title').fill('Weekly active users')
    await page.getByRole('button', { name: 'Build report' }).click()

    await expect.poll(() => page.getByTestId('job-id').textContent(), { timeout: 10_000 }).toMatch(/\S+/)
    await page.getByTestId('job-state').filter({ hasText: 'completed' }).waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('job-result').textContent()).toContain('“Weekly active users” has 3 word(s).')
    await page.screenshot({ path: `${inject('logDir')}/report-page.png` })
  })

  it('shows the validation message of the server action for an empty title', async () => {
    const page = await browser.newPage()
    await page.goto(appUrl)
    // The input is `required`; strip that so the server action's own check answers.
    await page.getByLabel('Report title').evaluate((input) => input.removeAttribute('required'))
    await page.getByRole('button', { name: 'Build report' }).click()
    // (Next's route announcer is a role="alert" too, hence the test id.)
    await expect.poll(() => page.getByTestId('form-error').textContent(), { timeout: 10_000 }).toBe('Please enter a title.')
  })
})
