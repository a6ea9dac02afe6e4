import { expect, test } from '@playwright/test'
import { startServer, watts, type RunningServer } from './headless-server'

let server: RunningServer

test.beforeEach(async () => {
  server = await startServer({ speed: 30 })
})
test.afterEach(async () => {
  await server.stop()
})

test('the popover shows live numbers that change over time', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.setViewportSize({ width: 360, height: 520 })
  await page.goto(server.link)

  await expect(page.getByTestId('power-pv')).toHaveText(/\d.*W/)
  for (const id of ['power-house', 'power-battery', 'power-grid', 'power-ev']) await expect(page.getByTestId(id)).toHaveText(/W/)
  await expect(page.getByTestId('battery-soc')).toHaveText(/\d+\s*%/)
  await expect(page.getByTestId('price-now')).toHaveText(/c\/kWh/)
  await expect(page.getByTestId('status-line')).not.toBeEmpty()
  await expect(page.getByTestId('charger-reason')).not.toBeEmpty()
  await expect(page.locator('[data-testid="price-chart"] canvas')).toBeVisible()
  // The token left the address bar once it was read.
  expect(page.url()).not.toContain('token=')

  const read = async () =>
    Promise.all(['power-pv', 'power-house', 'power-grid', 'battery-soc'].map((id) => page.getByTestId(id).textContent()))
  const before = await read()
  await expect.poll(async () => JSON.stringify(await read()), { timeout: 20_000 }).not.toBe(JSON.stringify(before))

  await page.screenshot({ path: 'test-results/screenshots/popover.png', animations: 'disabled' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: 'test-results/screenshots/popover-dark.png', animations: 'disabled' })
  expect(errors).toEqual([])
})

test('Fast makes the simulated charger draw power and Off stops it', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 520 })
  await page.goto(server.link)
  const card = page.getByTestId('charger-card').first()
  await expect(card.getByTestId('charger-status')).not.toHaveText(/offline/i)

  await card.getByTestId('charger-mode').getByText('Fast', { exact: true }).click()
  await expect.poll(async () => watts(await page.getByTestId('power-ev').textContent())).toBeGreaterThan(5000)
  await expect(card.getByTestId('charger-status')).toHaveText(/charging/i)
  await expect.poll(async () => watts(await card.getByTestId('charger-power').textContent())).toBeGreaterThan(5000)
  await page.screenshot({ path: 'test-results/screenshots/popover-fast.png' })

  await card.getByTestId('charger-mode').getByText('Off', { exact: true }).click()
  await expect.poll(async () => watts(await page.getByTestId('power-ev').textContent())).toBe(0)
  await expect(card.getByTestId('charger-reason')).toHaveText('Off: not charging')
})

test('the current limit caps what Fast draws', async ({ page }) => {
  await page.goto(server.link)
  const card = page.getByTestId('charger-card').first()
  await card.getByTestId('charger-mode').getByText('Fast', { exact: true }).click()
  await expect.poll(async () => watts(await page.getByTestId('power-ev').textContent())).toBeGreaterThan(5000)
  await card.getByTestId('charger-current').fill('10')
  await card.getByTestId('charger-current').dispatchEvent('change')
  await expect.poll(async () => watts(await page.getByTestId('power-ev').textContent())).toBeLessThan(2500)
})

test('API requests without the token are refused, and the page says what to do', async ({ page, request }) => {
  const bare = await request.post(`${server.origin}/api/state:get`, { data: {} })
  expect(bare.status()).toBe(401)
  const events = await request.get(`${server.origin}/api/events`)
  expect(events.status()).toBe(401)
  const authorised = await request.post(`${server.origin}/api/state:get`, { data: {}, headers: { authorization: `Bearer ${server.token}` } })
  expect(authorised.status()).toBe(200)

  await page.goto(server.origin)
  await expect(page.getByText('This page needs the link with its access token')).toBeVisible()
})
