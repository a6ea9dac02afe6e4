import { expect, test, type Page } from '@playwright/test'
import { defaultAlphaessFixture as alpha } from '../fakes/alphaess/server'
import { amberFixture } from '../fakes/amber/server'
import { addAlphaessAccount, addAmberAccount, energyFakesPerTest } from './energy-fakes'

const fakes = energyFakesPerTest()

/** The site's calendar day (the default site is in Sydney), as the date input shows it. */
function sydneyDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(ms)
}

async function showPanel(page: Page) {
  const panel = page.getByTestId('insights-panel')
  await panel.scrollIntoViewIfNeeded()
  return panel
}

/** The panel alone, in a window tall enough that the sticky save bar does not cover it. */
async function panelShot(page: Page, name: string) {
  const size = page.viewportSize()!
  await page.setViewportSize({ width: size.width, height: 1400 })
  await page.getByTestId('insights-panel').evaluate((panel) => panel.scrollIntoView({ block: 'start' }))
  await page.getByTestId('insights-panel').screenshot({ path: `test-results/screenshots/${name}.png`, animations: 'disabled' })
  await page.setViewportSize(size)
  await showPanel(page)
}

test("an AlphaESS account's page shows the system's lifetime and a day's totals, read on demand", async ({ page }) => {
  test.setTimeout(120_000)
  const system = fakes.alphaess.state.systems[alpha.sysSn]!
  system.sumData = { ...system.sumData, totalIncome: 4263.64 }
  const today = sydneyDate(Date.now())
  system.dayEnergy[today] = { sysSn: alpha.sysSn, theDate: today, epv: 9.3, eInput: 0.2, eOutput: 1.1, eCharge: 4, eDischarge: 0, eChargingPile: 0 }

  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(fakes.server.link.replace('/#', '/?view=settings#'))
  await addAlphaessAccount(page, fakes)

  const panel = await showPanel(page)
  await expect(panel.getByTestId('insight-lifetime-pv')).toHaveText('17 MWh')
  await expect(panel.getByTestId('insight-lifetime-co2')).toHaveText('14.6 t')
  await expect(panel.getByTestId('insight-lifetime-trees')).toHaveText('2,911')
  await expect(panel.getByTestId('insight-lifetime-income')).toHaveText(/^AUD\s4,263\.64$/)
  // Yesterday by default, in kWh.
  await expect(panel.getByTestId('insights-day-date')).toHaveValue(sydneyDate(Date.now() - 86_400_000))
  await expect(panel.getByTestId('insight-day-pv')).toHaveText('24.6 kWh')
  await expect(panel.getByTestId('insight-day-house')).toHaveText('17.5 kWh')
  await expect(panel.getByTestId('insight-day-import')).toHaveText('4.4 kWh')
  await expect(panel.getByTestId('insight-day-export')).toHaveText('6.4 kWh')
  await expect(panel.getByTestId('insight-day-charge')).toHaveText('12.2 kWh')
  await expect(panel.getByTestId('insight-day-discharge')).toHaveText('7.1 kWh')
  await panelShot(page, 'settings-account-insights-alphaess')
  await page.screenshot({ path: 'test-results/screenshots/settings-account-insights-alphaess-page.png', animations: 'disabled' })

  // Today can be picked; only the day is read again.
  await panel.getByTestId('insights-day-date').fill(today)
  await expect(panel.getByTestId('insight-day-pv')).toHaveText('9.3 kWh', { timeout: 30_000 })
  await expect(panel.getByTestId('insight-day-house')).toHaveText('4.4 kWh')
  expect(fakes.alphaess.requests.filter((r) => r.endpoint === 'getSumDataForCustomer')).toHaveLength(1)

  // Nothing polls: the summary is asked for again only on Refresh.
  await page.waitForTimeout(3_000)
  expect(fakes.alphaess.requests.filter((r) => r.endpoint === 'getSumDataForCustomer')).toHaveLength(1)

  // A field AlphaESS garbles shows as unknown; an unreadable answer says what to do.
  system.sumData = { ...system.sumData, treeNum: 'lots' }
  fakes.alphaess.state.faults.push({ endpoint: 'getOneDateEnergyBySn', reply: { body: '{"code":200,"msg":"Success","data":"n/a"}' } })
  await panel.getByTestId('insights-refresh').click()
  await expect(panel.getByTestId('insight-lifetime-trees')).toHaveText('—', { timeout: 30_000 })
  await expect(panel.getByTestId('insight-lifetime-pv')).toHaveText('17 MWh')
  await expect(panel.getByTestId('insights-day-error')).toContainText('Press Refresh to try again', { timeout: 30_000 })
  await expect(panel.getByTestId('insights-refresh')).toBeEnabled({ timeout: 30_000 })
  await panelShot(page, 'settings-account-insights-alphaess-problems')
  expect(await page.content()).not.toContain(fakes.alphaess.appSecret)
})

test("an Amber account's page shows the grid's renewables and the token's allowance without spending it", async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(fakes.server.link.replace('/#', '/?view=settings#'))
  await addAmberAccount(page, fakes)

  const panel = await showPanel(page)
  const slots = panel.getByTestId('insight-renewables-slot')
  await expect(slots).toHaveCount(5)
  await expect(panel.locator('[data-kind="current"]')).toContainText('Now')
  await expect(panel.locator('[data-kind="current"]')).toContainText(`${amberFixture.renewablesPct} %`)
  await expect(panel.locator('[data-kind="actual"]')).toHaveCount(2)
  await expect(panel.locator('[data-kind="forecast"]')).toHaveCount(2)
  await expect(panel.getByTestId('insights-state')).toHaveValue('nsw')
  await expect(panel.getByTestId('insight-allowance-left')).toHaveText(/^\d+ of 50$/)
  await expect(panel.getByTestId('insight-allowance-reset')).toHaveText(/^in \d+ (s|min)/)
  await expect(panel.getByTestId('insight-allowance-seen')).toHaveText(/ago$|^just now$/)
  await panelShot(page, 'settings-account-insights-amber')
  await page.screenshot({ path: 'test-results/screenshots/settings-account-insights-amber-page.png', animations: 'disabled' })

  // Another state is one unmetered request; the allowance comes from headers already seen, so
  // the panel never asks for the one request it could spend (GET /sites).
  const siteLookups = () => fakes.amber.requests.filter((r) => r.endpoint === 'sites').length
  const lookupsBefore = siteLookups()
  await panel.getByTestId('insights-state').selectOption('vic')
  await expect.poll(() => fakes.amber.requests.filter((r) => r.path === '/state/vic/renewables/current').length).toBe(1)
  await page.waitForTimeout(3_000)
  expect(fakes.amber.requests.filter((r) => r.endpoint === 'renewables')).toHaveLength(2)

  // An answer Amber garbles says what to do, in place of the figures.
  fakes.amber.state.setMalformed('renewables', 'not-json')
  await panel.getByTestId('insights-refresh').click()
  await expect(panel.getByTestId('insights-renewables-error')).toHaveText(
    'Amber sent an answer from /state/{state}/renewables/current that Sunspill cannot read (not JSON). Press Refresh to try again.',
  )
  await expect(panel.getByTestId('insight-allowance-left')).toHaveText(/^\d+ of 50$/)
  expect(siteLookups()).toBe(lookupsBefore)
  await panelShot(page, 'settings-account-insights-amber-problem')
  expect(await page.content()).not.toContain(fakes.amber.token)
})
