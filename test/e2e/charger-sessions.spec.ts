import { expect, test } from '@playwright/test'
import { startWallboxFake, wallboxFakeFixture, type WallboxFake } from '../fakes/wallbox/server'
import { addWallboxAccount } from './accounts'
import { startServer, type RunningServer } from './headless-server'

/**
 * The sessions table on a Wallbox's page, read for other days than the 30 it opens with. Wallbox
 * allows about three reads a minute for the whole account and the control loop keeps one, so
 * each range takes up to a minute: the page shows that it is reading, and the old table stays.
 */
let server: RunningServer
let wallbox: WallboxFake

const DAY_S = 86_400
const nowS = () => Math.floor(Date.now() / 1000)
/** YYYY-MM-DD in Sydney (the site's zone by default), `days` ago. */
const sydneyDay = (daysAgo: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney', year: 'numeric', month: '2-digit', day: '2-digit' }).format(Date.now() - daysAgo * DAY_S * 1000)

test.beforeEach(async () => {
  wallbox = await startWallboxFake()
  // Beside the fixture's two sessions (two and three days ago): older ones only a longer range shows.
  for (const [daysAgo, energyKwh] of [
    [60, 12.5],
    [200, 22.5],
    [400, 9],
  ] as const) {
    const startS = nowS() - daysAgo * DAY_S
    wallbox.state.charger.sessions.push({ id: `7000${daysAgo}`, startS, endS: startS + 7200, energyKwh, cost: energyKwh * 0.24 })
  }
  server = await startServer({ realTime: true })
})
test.afterEach(async () => {
  await server.stop()
  await wallbox.close()
})

test('a Wallbox page shows the sessions of the last 90 days and of a custom range', async ({ page }) => {
  test.setTimeout(420_000)
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await addWallboxAccount(page, wallbox)
  await page.locator('[data-testid^="settings-nav-charger-"]').filter({ hasText: wallboxFakeFixture.chargerName }).first().click()

  const sessions = page.getByTestId('charger-sessions')
  const title = sessions.getByTestId('charger-sessions-title')
  const rows = sessions.locator('[data-testid="charger-history"] tbody tr')
  await expect(title).toHaveText('Charging sessions, last 30 days', { timeout: 150_000 })
  await expect(rows).toHaveCount(2)

  // A preset: the table stays while Wallbox is asked, then shows the session of 60 days ago too.
  wallbox.state.sessionsDelayMs = 4_000
  await sessions.getByTestId('charger-sessions-range').selectOption({ label: 'Last 90 days' })
  await expect(sessions.getByTestId('charger-sessions-reading')).toBeVisible()
  await expect(rows).toHaveCount(2)
  await expect(title).toHaveText('Charging sessions, last 30 days')
  await sessions.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/charger-sessions-reading.png', animations: 'disabled' })
  await expect(title).toHaveText(/^Charging sessions, \d+ \w{3}( \d{4})? – \d+ \w{3} \d{4}$/, { timeout: 150_000 })
  wallbox.state.sessionsDelayMs = 0
  await expect(rows).toHaveCount(3)
  await expect(sessions.getByTestId('charger-sessions-reading')).toHaveCount(0)
  await sessions.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/charger-sessions-last-90-days.png', animations: 'disabled' })

  // A custom range: a range that ends before it starts is refused in words, before anything is asked.
  const asked = () => wallbox.requests.filter((r) => r.path.startsWith('/v4/sessions/stats')).length
  const before = asked()
  await sessions.getByTestId('charger-sessions-range').selectOption({ label: 'Custom range…' })
  await sessions.getByTestId('charger-sessions-from').fill(sydneyDay(150))
  await sessions.getByTestId('charger-sessions-to').fill(sydneyDay(250))
  await expect(sessions.getByRole('alert')).toHaveText('The range must end on or after the day it starts.')
  await expect(sessions.getByTestId('charger-sessions-show')).toBeDisabled()
  expect(asked()).toBe(before)

  const from = sydneyDay(250)
  await sessions.getByTestId('charger-sessions-from').fill(from)
  await sessions.getByTestId('charger-sessions-to').fill(sydneyDay(150))
  await sessions.getByTestId('charger-sessions-show').click()
  await expect(rows).toHaveCount(1, { timeout: 150_000 })
  await expect(rows.first()).toContainText('22.5')
  await expect(title).toContainText(/\d{4}$/)
  // The days went to Wallbox as Sydney's midnights.
  const sent = new URL(wallbox.requests.filter((r) => r.path.startsWith('/v4/sessions/stats')).at(-1)!.path, 'http://fake').searchParams
  const sydneyMidnight = Date.parse(`${from}T00:00:00+10:00`) / 1000
  expect([sydneyMidnight, sydneyMidnight - 3600]).toContain(Number(sent.get('start_date')))
  await sessions.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/charger-sessions-custom.png', animations: 'disabled' })

  // Wallbox says slow down: the page says so and when to try again, and keeps the table it had.
  wallbox.state.overrides.push({ path: '/v4/sessions/stats', status: 429, body: '{"error":"Too Many Requests"}', headers: { 'retry-after': '120' } })
  await sessions.getByTestId('charger-sessions-range').selectOption({ label: 'Last year' })
  const error = sessions.getByTestId('charger-sessions-error')
  await expect(error).toContainText("the charger's cloud allows only a few requests a minute", { timeout: 150_000 })
  await expect(error).toContainText('Try this range again in 2 min.')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('22.5')
  await sessions.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/charger-sessions-error.png', animations: 'disabled' })
})
