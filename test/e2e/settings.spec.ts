import { expect, test } from '@playwright/test'
import { startServer, type RunningServer } from './headless-server'

let server: RunningServer | null = null
test.afterEach(async () => {
  await server?.stop()
  server = null
})

test('a fuse value saved in the settings window survives a restart of the server', async ({ page }) => {
  server = await startServer()
  const dataDir = server.dataDir
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))

  await page.getByTestId('settings-nav-site').click()
  const fuse = page.getByTestId('settings-fuse')
  await expect(fuse).toHaveValue('63')
  await fuse.fill('500')
  await expect(page.getByText('The fuse must be at most 200 A')).toBeVisible()
  await expect(page.getByTestId('settings-save')).toBeDisabled()
  await fuse.fill('40')
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/settings-site.png' })

  for (const section of ['accounts', 'control', 'notifications', 'about']) {
    await page.getByTestId(`settings-nav-${section}`).click()
    await page.screenshot({ path: `test-results/screenshots/settings-${section}.png` })
  }
  // The demo battery has settings of its own, as an AlphaESS does.
  await page.getByTestId('settings-nav-battery').click()
  await expect(page.getByTestId('battery-min-soc')).toHaveValue('10')
  await expect(page.getByTestId('battery-message')).toHaveText('The demo battery takes changes at once.')
  await page.screenshot({ path: 'test-results/screenshots/settings-battery-demo.png' })

  const firstToken = server.token
  await server.stop()
  server = await startServer({ dataDir })
  expect(server.token).toBe(firstToken)
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await page.getByTestId('settings-nav-site').click()
  await expect(page.getByTestId('settings-fuse')).toHaveValue('40')
})
