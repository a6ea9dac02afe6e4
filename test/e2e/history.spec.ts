/**
 * A simulated day on the demo home at 600× speed, then the History page: its statistics must be
 * the sums of the samples in the CSV it exports, and they must survive the server being killed
 * (SIGKILL, no shutdown) and started again on the same data folder.
 */
import { readFileSync } from 'node:fs'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { startServer, type RunningServer } from './headless-server'

/** Monday 06:00 in Sydney: the car is home, leaves at 07:45, comes back at 09:30 and charges in the sun. */
const MONDAY_6AM = '2026-11-23T06:00:00+11:00'
const SPEED = 600
const SIMULATED_MS = 14 * 3_600_000

let server: RunningServer | null = null
test.afterEach(async () => {
  await server?.stop()
  server = null
})

async function api<T>(request: APIRequestContext, s: RunningServer, channel: string, body: unknown): Promise<T> {
  const response = await request.post(`${s.origin}/api/${channel}`, { data: body, headers: { authorization: `Bearer ${s.token}` } })
  expect(response.status(), `${channel}: ${await response.text()}`).toBe(200)
  return (await response.json()) as T
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split(/\r?\n/)
  const names = header!.split(',')
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [names[i]!, value])))
}

/** "15.6 kWh" → 15600, "850 Wh" → 850 */
function wattHours(text: string): number {
  const match = /(-?[\d.]+)\s*(kWh|Wh)/.exec(text)
  if (!match) return Number.NaN
  return Number(match[1]) * (match[2] === 'kWh' ? 1000 : 1)
}

/** "$4.56", "-$0.02", "−$0.02" → cents */
function cents(text: string): number {
  const negative = /[-−]/.test(text)
  const value = Number(text.replace(/[^\d.]/g, ''))
  return Math.round((negative ? -value : value) * 100)
}

interface Shown {
  share: string
  energy: string
  cost: string
}

async function shownStats(page: Page, days: number): Promise<Shown> {
  const card = page.getByTestId(`history-stats-${days}`)
  return {
    share: (await card.getByTestId('history-solar-share').textContent()) ?? '',
    energy: (await card.getByTestId('history-energy').textContent()) ?? '',
    cost: (await card.getByTestId('history-cost').textContent()) ?? '',
  }
}

test('a simulated day: the statistics are the CSV’s samples, and a killed server keeps them', async ({ page, request }) => {
  test.setTimeout(300_000)
  server = await startServer({ speed: SPEED, start: MONDAY_6AM })
  const dataDir = server.dataDir
  const startMs = Date.parse(MONDAY_6AM)
  await api(request, server, 'charger:setMode', { chargerId: 'demo:charger', mode: 'solar' })

  // Let the day run: 14 simulated hours take about 84 s.
  await expect
    .poll(async () => (await api<{ atMs: number }>(request, server!, 'state:get', {})).atMs - startMs, { timeout: 150_000, intervals: [2000] })
    .toBeGreaterThan(SIMULATED_MS)
  // Stop charging so the figures hold still while they are compared.
  await api(request, server, 'charger:setMode', { chargerId: 'demo:charger', mode: 'off' })
  await expect.poll(async () => (await api<{ flow: { evW: number } }>(request, server!, 'state:get', {})).flow.evW).toBe(0)

  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await page.getByTestId('settings-nav-history').click()
  const week = page.getByTestId('history-stats-7')
  await expect(week.getByTestId('history-solar-share')).toHaveText(/^\d+ %$/)
  await expect(page.locator('[data-testid="history-today-chart"] canvas')).toBeVisible()
  await expect(page.getByTestId('history-session').first()).toBeVisible()
  const shown = await shownStats(page, 7)

  // The CSV the page offers, for the same seven days.
  await page.getByTestId('history-export-range').selectOption('7')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export').click()])
  expect(download.suggestedFilename()).toMatch(/^sunspill-samples-.*\.csv$/)
  const samples = parseCsv(readFileSync((await download.path())!, 'utf8'))
  await expect(page.getByTestId('history-export-status')).toHaveText(/Saved sunspill-samples-.*: \d+ rows\./)
  // A sample every two simulated minutes (600× the 200 ms tick), for 14 hours; on a busy machine
  // some ticks come late and cover more simulated time, so fewer rows carry the same energy.
  expect(samples.length).toBeGreaterThan((SIMULATED_MS / 120_000) * 0.75)
  const sum = (key: string) => samples.reduce((s, row) => s + Number(row[key] || 0), 0)
  const energyWh = sum('ev_energy_wh')
  const solarWh = sum('ev_solar_wh')
  const costCents = sum('ev_cost_c')
  expect(energyWh).toBeGreaterThan(5000)

  // What the page shows is the samples' sums, within the rounding of what it shows.
  expect(Math.abs(Number(shown.share.replace(/[^\d]/g, '')) - (solarWh / energyWh) * 100)).toBeLessThanOrEqual(0.5 + 1e-6)
  expect(Math.abs(wattHours(shown.energy) - energyWh)).toBeLessThanOrEqual(50)
  expect(Math.abs(cents(shown.cost) - costCents)).toBeLessThanOrEqual(0.5 + 1e-6)
  // And energy is the car's power over time, sample by sample.
  const integrated = samples.reduce((s, row) => s + (Number(row.ev_w) * Number(row.duration_s)) / 3600, 0)
  expect(integrated).toBeCloseTo(energyWh, 0)

  // The sessions add up to the same energy.
  const sessions = await api<{ sessions: { energyWh: number; solarWh: number }[] }>(request, server, 'history:sessions', {})
  expect(sessions.sessions.reduce((s, x) => s + x.energyWh, 0)).toBeCloseTo(energyWh, 1)
  expect(sessions.sessions.reduce((s, x) => s + x.solarWh, 0)).toBeCloseTo(solarWh, 1)

  await page.locator('.section-body').evaluate((el) => el.scrollTo(0, 0))
  await page.screenshot({ path: 'test-results/screenshots/history.png' })
  await page.getByTestId('history-export').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/history-sessions.png' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.getByTestId('history-stats-7').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/history-dark.png' })
  await page.emulateMedia({ colorScheme: 'light' })

  // Killed without a chance to close the database, then started again a minute later.
  const { atMs } = await api<{ atMs: number }>(request, server, 'state:get', {})
  await server.kill()
  server = await startServer({ dataDir, speed: 60, start: new Date(atMs + 60_000).toISOString() })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await page.getByTestId('settings-nav-history').click()
  await expect(page.getByTestId('history-stats-7').getByTestId('history-solar-share')).toHaveText(shown.share)
  expect(await shownStats(page, 7)).toEqual(shown)
  const after = await api<{ energyWh: number; solarWh: number }>(request, server, 'history:stats', { days: 7 })
  expect(after.energyWh).toBeCloseTo(energyWh, 1)
  expect(after.solarWh).toBeCloseTo(solarWh, 1)
  expect(errors).toEqual([])
})
