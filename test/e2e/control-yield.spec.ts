import { expect, test } from '@playwright/test'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { newDataDir, startServer, type RunningServer } from './headless-server'

let server: RunningServer
test.afterEach(async () => {
  await server.stop()
})

const MESSAGE =
  'Set to 10 A outside Sunspill (in another app or by a schedule), so Sunspill has stopped controlling this charger.'

test('a charger changed elsewhere says so in the popover, and Take control back hands it to the loop again', async ({ page }) => {
  // A yield from an earlier run, as the core keeps it: a restart must not silently take the charger back.
  const dataDir = newDataDir()
  writeFileSync(
    join(dataDir, 'control-yields.json'),
    JSON.stringify({ yields: [{ chargerId: 'demo:charger', label: 'Demo charger', found: { on: true, currentA: 10 }, message: MESSAGE, atMs: Date.now() }] }),
  )
  server = await startServer({ dataDir })
  await page.setViewportSize({ width: 360, height: 520 })
  await page.goto(server.link)
  const card = page.locator('[data-testid="charger-card"][data-charger-id="demo:charger"]')
  const notice = card.getByTestId('charger-yielded')
  await expect(notice).toContainText('Set to 10 A outside Sunspill')
  await expect(notice).toContainText('Sunspill has stopped controlling this charger')
  await expect(card.getByTestId('charger-reason')).toHaveCount(0)
  await expect(page.getByTestId('status-line')).toHaveText('Demo charger is controlled outside Sunspill')
  await notice.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/popover-yielded.png', animations: 'disabled' })

  await notice.getByRole('button', { name: 'Take control back' }).click()
  await expect(notice).toHaveCount(0)
  await expect(card.getByTestId('charger-reason')).toBeVisible()
  await expect(card.getByTestId('charger-reason')).not.toContainText('outside Sunspill')
})
