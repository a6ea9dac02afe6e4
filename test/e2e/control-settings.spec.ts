import { expect, test } from '@playwright/test'
import { startServer, type RunningServer } from './headless-server'

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
