import { expect, test } from '@playwright/test'
import { startServer, watts, type RunningServer } from './headless-server'

let server: RunningServer
test.beforeEach(async () => {
  server = await startServer()
})
test.afterEach(async () => {
  await server.stop()
})

test('price rules are set in the Control section and change what the loop does', async ({ page, request }) => {
  const reason = async () => {
    const res = await request.post(`${server.origin}/api/state:get`, { data: {}, headers: { authorization: `Bearer ${server.token}` } })
    return (await res.json()).chargers[0].reason as string
  }
  await expect.poll(reason).toMatch(/^Cheap power at -/)
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await page.getByTestId('settings-nav-control').click()
  // Cheap power is on by default at 0 c/kWh: at the demo's negative midday price the car charges.
  await expect(page.getByTestId('settings-cheap-below')).toHaveValue('0')
  await page.screenshot({ path: 'test-results/screenshots/settings-control.png', animations: 'disabled' })
  await page.getByTestId('settings-cheap-below-on').click()
  await expect(page.getByTestId('settings-cheap-below')).toHaveCount(0)
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()

  const view = await request.post(`${server.origin}/api/settings:get`, { data: {}, headers: { authorization: `Bearer ${server.token}` } })
  expect((await view.json()).settings.control.cheapBelowCents).toBeNull()
  await expect.poll(reason).not.toMatch(/^Cheap power/)
})

test('keeping the battery for the house: switched on in Control, Fast at night holds the battery where it is', async ({ page }) => {
  // An evening at home: no sun, so the demo battery would carry the car.
  await server.stop()
  server = await startServer({ start: '2026-11-23T20:00:00+11:00' })
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await page.getByTestId('settings-nav-control').click()
  await page.getByTestId('settings-hold-battery').click()
  await expect(page.getByTestId('settings-hold-battery')).toHaveAttribute('aria-checked', 'true')
  await page.getByTestId('settings-hold-battery').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/settings-control-hold-battery.png', animations: 'disabled' })
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()

  await page.setViewportSize({ width: 360, height: 520 })
  await page.goto(server.link)
  const card = page.getByTestId('charger-card').first()
  await card.getByTestId('charger-mode').getByText('Fast', { exact: true }).click()
  await expect.poll(async () => watts(await page.getByTestId('power-ev').textContent())).toBeGreaterThan(5000)
  // A minute of Fast (two seconds at 30×), then the battery's minimum is raised to its charge.
  await expect(page.getByTestId('power-battery-caption')).toHaveText(/^Held at \d+ %$/, { timeout: 20_000 })
  await expect.poll(async () => watts(await page.getByTestId('power-battery').textContent())).toBeLessThan(100)
  await expect.poll(async () => watts(await page.getByTestId('power-grid').textContent())).toBeGreaterThan(5000)
  await page.screenshot({ path: 'test-results/screenshots/popover-battery-held.png', animations: 'disabled' })

  // The car stops: ten minutes later (twenty seconds here) the minimum is the user's again.
  await card.getByTestId('charger-mode').getByText('Off', { exact: true }).click()
  await expect(page.getByTestId('power-battery-caption')).toHaveText('Discharging', { timeout: 45_000 })
})
