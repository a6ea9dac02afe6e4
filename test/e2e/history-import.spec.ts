/**
 * Settings → History → "Import from your accounts", as a user does it: AlphaESS and Amber accounts
 * against their fakes, a week of Amber's prices and usage, then three AlphaESS days (paced 10 s
 * apart by AlphaESS's rules) with the progress shown while they come in.
 */
import { expect, test } from '@playwright/test'
import { addAlphaessAccount, addAmberAccount, energyFakesPerTest } from './energy-fakes'

const fakes = energyFakesPerTest()

/** YYYY-MM-DD in the site's zone (the settings' default, Sydney), days from today. */
function sydneyDate(daysFromToday = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(Date.now() + daysFromToday * 86_400_000)
}

test('imports a range of past days from AlphaESS and Amber through the History page', async ({ page, request }) => {
  test.setTimeout(180_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(fakes.server.link.replace('/#', '/?view=settings#'))
  await addAlphaessAccount(page, fakes)
  await addAmberAccount(page, fakes)

  await page.getByTestId('settings-nav-history').click()
  const group = page.getByTestId('history-import')
  await group.scrollIntoViewIfNeeded()
  const source = page.getByTestId('history-import-source')
  await expect(source.locator('option')).toHaveText(['Home battery (AlphaESS system)', 'Amber (Amber site)'])

  // Amber: the week up to yesterday, as the page offers it.
  await source.selectOption({ label: 'Amber (Amber site)' })
  await expect(page.getByTestId('history-import-from')).toHaveValue(sydneyDate(-7))
  await expect(page.getByTestId('history-import-to')).toHaveValue(sydneyDate(-1))
  await page.getByTestId('history-import-start').click()
  const status = page.getByTestId('history-import-status')
  // Yesterday came with the account (Amber meters a day late, so the first import took it along).
  await expect(status).toHaveText(/^Imported 7 days from Amber: [\d\s]+ prices, [67] days of metered usage\.$/)
  const asked = fakes.amber.requests.filter((r) => r.endpoint === 'usage').map((r) => `${r.query.startDate}..${r.query.endDate}`)
  expect(asked).toContain(`${sydneyDate(-7)}..${sydneyDate(-1)}`)

  // A range AlphaESS would take too long for is refused as it is typed.
  await source.selectOption({ label: 'Home battery (AlphaESS system)' })
  await page.getByTestId('history-import-from').fill(sydneyDate(-40))
  await expect(group.locator('.field-error')).toContainText('Home battery can import at most 31 days at a time')
  await expect(page.getByTestId('history-import-start')).toBeDisabled()

  // AlphaESS: three days, one request each, ten seconds apart; the page shows how far it is.
  await page.getByTestId('history-import-from').fill(sydneyDate(-3))
  await page.getByTestId('history-import-to').fill(sydneyDate(-1))
  await page.getByTestId('history-import-start').click()
  const progress = page.getByTestId('history-import-progress')
  await expect(progress).toHaveText(/^Day 2 of 3 · /, { timeout: 30_000 })
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '1')
  await expect(page.getByTestId('history-import-cancel')).toBeEnabled()
  await page.screenshot({ path: 'test-results/screenshots/history-import-progress.png' })

  await expect(status).toHaveText('Imported 3 days from Home battery: 864 power samples.', { timeout: 45_000 })
  const days = fakes.alphaess.requests.filter((r) => r.endpoint === 'getOneDayPowerBySn').map((r) => r.params.queryDate)
  expect(days.slice(-3)).toEqual([sydneyDate(-3), sydneyDate(-2), sydneyDate(-1)])
  expect(fakes.alphaess.requests.every((r) => r.code === 200)).toBe(true)

  // The imported days are in the history: the export of the last week carries AlphaESS's power.
  const weekAgo = Date.now() - 8 * 86_400_000
  const csv = await request.post(`${fakes.server.origin}/api/history:exportCsv`, {
    data: { from: weekAgo, to: Date.now(), kind: 'samples' },
    headers: { authorization: `Bearer ${fakes.server.token}` },
  })
  const rows = ((await csv.json()) as { csv: string }).csv.split(/\r?\n/).filter((line) => line.includes('imported'))
  expect(rows.length).toBeGreaterThanOrEqual(864)

  await expect(page.getByTestId('history-import-start')).toBeEnabled()
  await page.screenshot({ path: 'test-results/screenshots/history-import.png' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: 'test-results/screenshots/history-import-dark.png' })
  expect(errors).toEqual([])
})
