import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { startServer, type RunningServer } from './headless-server'

let server: RunningServer

test.beforeEach(async () => {
  // Slow enough that Amber's retries (a few seconds of wall time, each tick) do not age the
  // demo home's sources by minutes of simulated time, which would rightly count as stale.
  server = await startServer({ speed: 5 })
})
test.afterEach(async () => {
  await server.stop()
})

/** A port on 127.0.0.1 that nothing listens on: connections are refused at once. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as { port: number }
  await new Promise((done) => probe.close(done))
  return port
}

test('a failing account raises exactly one notification banner, which opens Settings → Accounts', async ({ page, request }) => {
  test.setTimeout(90_000)
  await page.setViewportSize({ width: 360, height: 520 })
  await page.goto(server.link)
  await expect(page.getByTestId('power-pv')).toHaveText(/W/)

  // An Amber account whose address points at a closed port, saved while the popover listens.
  const account = { kind: 'amber', id: 'amber-e2e', name: 'Amber', baseUrl: `http://127.0.0.1:${await closedPort()}`, siteId: 'S1' }
  const saved = await request.post(`${server.origin}/api/accounts:save`, {
    data: { account, secrets: { token: 'psk_e2e_not_a_real_token' } },
    headers: { authorization: `Bearer ${server.token}` },
  })
  expect(saved.ok()).toBe(true)

  const banner = page.locator('[data-testid="banner-notification"][data-kind="sourceFailing"]')
  await expect(banner).toHaveCount(1, { timeout: 30_000 })
  await expect(banner).toContainText('Amber')
  // A dozen ticks later it is still the one banner, and the log says it once.
  await page.waitForTimeout(25_000)
  await expect(banner).toHaveCount(1)
  const log = readFileSync(join(server.dataDir, 'logs', 'sunspill.log'), 'utf8')
  expect(log.match(/Notification: Amber prices is offline/g)).toHaveLength(1)
  await page.screenshot({ path: 'test-results/screenshots/popover-notification.png', animations: 'disabled' })

  await banner.getByTestId('banner-notification-open').click()
  await expect(page).toHaveURL(/\?view=settings&section=accounts$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accounts')
  await expect(page.getByTestId('settings-nav-accounts')).toHaveAttribute('aria-current', 'page')
})

test('the settings window opens at the section its address names', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings&section=notifications#'))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications')
  await expect(page.getByTestId('notify-kind-chargingStopped')).toHaveAttribute('aria-checked', 'true')

  // Quiet hours validate as you type and save explicitly.
  await page.getByTestId('quiet-hours-enabled').click()
  await page.getByTestId('quiet-hours-end').fill('22:00')
  await expect(page.getByText('Quiet hours must end at a different time than they start')).toBeVisible()
  await expect(page.getByTestId('settings-save')).toBeDisabled()
  await page.getByTestId('quiet-hours-end').fill('06:30')
  await page.getByTestId('notify-kind-carFinished').click()
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/settings-notifications.png', animations: 'disabled' })

  const settings = JSON.parse(readFileSync(join(server.dataDir, 'settings.json'), 'utf8')) as {
    notifications: { quietHours: unknown; kinds: Record<string, boolean> }
  }
  expect(settings.notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '06:30' })
  expect(settings.notifications.kinds.carFinished).toBe(false)
})
