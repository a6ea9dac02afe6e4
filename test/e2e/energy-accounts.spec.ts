import { expect, test } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultAlphaessFixture as alpha } from '../fakes/alphaess/server'
import { amberFixture } from '../fakes/amber/server'
import { addAlphaessAccount, addAmberAccount, energyFakesPerTest } from './energy-fakes'
import { watts } from './headless-server'

// A current interval that stays an estimate makes Amber's adapter look again every 30 s,
// so a price change shows within the test rather than at the next 5-minute boundary.
const fakes = energyFakesPerTest({ estimateMs: 5 * 60_000 })

test('AlphaESS and Amber accounts drive the popover, the battery page and spike alerts', async ({ page, request }) => {
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(fakes.server.link.replace('/#', '/?view=settings#'))
  await addAlphaessAccount(page, fakes)
  await addAmberAccount(page, fakes)

  // The popover shows the fake system's power flow and Amber's price, not the demo home's.
  await page.setViewportSize({ width: 360, height: 520 })
  await page.goto(fakes.server.origin)
  await expect.poll(async () => watts(await page.getByTestId('power-pv').textContent())).toBe(4300)
  await expect(page.getByTestId('power-house')).toHaveText('876 W')
  await expect.poll(async () => watts(await page.getByTestId('power-grid').textContent())).toBe(1200)
  await expect(page.getByTestId('battery-soc')).toHaveText(/6[45]\s*%/)
  // The fake's current interval is always at 23.4; just after a 5-minute boundary the popover
  // shows the new interval's forecast until the next Amber poll (once a minute).
  await expect(page.getByTestId('price-now')).toContainText('23.4', { timeout: 75_000 })
  await expect(page.getByTestId('price-renewables')).toHaveText(`${amberFixture.renewablesPct} %`)
  await expect(page.locator('[data-testid="price-chart"] canvas')).toBeVisible()
  await expect(page.locator(`[data-testid="charger-card"][data-charger-id$=":${alpha.evchargerSn}"]`)).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/popover-alphaess-fakes.amber.png', animations: 'disabled' })

  // Changing the minimum SOC in the settings window writes it to the system.
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(fakes.server.origin + '/?view=settings')
  await page.getByTestId('settings-nav-battery').click()
  await expect(page.getByTestId('battery-min-soc')).toHaveValue(String(alpha.batUseCap))
  await page.getByTestId('battery-min-soc').fill('20')
  await page.getByTestId('battery-save').click()
  await expect(page.getByTestId('battery-saved')).toBeVisible({ timeout: 90_000 })
  expect(fakes.alphaess.state.systems[alpha.sysSn]!.dischargeConfig.batUseCap).toBe(20)
  await page.screenshot({ path: 'test-results/screenshots/settings-battery.png', animations: 'disabled' })

  // A spike in Amber's prices raises exactly one notification.
  fakes.amber.state.setPrices([{ generalCents: 250, spikeStatus: 'spike' }, { generalCents: 240, spikeStatus: 'spike' }])
  await page.goto(fakes.server.origin)
  await expect(page.getByTestId('price-now')).toContainText('250', { timeout: 90_000 })
  await page.waitForTimeout(35_000)
  const log = readFileSync(join(fakes.server.dataDir, 'logs', 'sunspill.log'), 'utf8')
  expect(log.match(/Notification: Price spike: /g)).toHaveLength(1)

  // Secrets are nowhere but the secret store.
  const settingsFile = readFileSync(join(fakes.server.dataDir, 'settings.json'), 'utf8')
  const view = await request.post(`${fakes.server.origin}/api/settings:get`, { data: {}, headers: { authorization: `Bearer ${fakes.server.token}` } })
  const viewText = await view.text()
  expect(viewText).toContain('appSecret')
  for (const secret of [fakes.alphaess.appSecret, fakes.amber.token]) {
    for (const text of [settingsFile, log, viewText, await page.content()]) expect(text).not.toContain(secret)
  }
})
