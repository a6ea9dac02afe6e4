/**
 * An AppID with two systems bound to it: the account page can unbind the one not in use, and says
 * so, while the system in use keeps working.
 */
import { expect, test } from '@playwright/test'
import { defaultAlphaessFixture as alpha } from '../fakes/alphaess/server'
import { addAlphaessAccount, energyFakesPerTest } from './energy-fakes'

const fakes = energyFakesPerTest()

test('a second system bound to the AppID is unbound from the account page', async ({ page }) => {
  test.setTimeout(120_000)
  const spare = fakes.alphaess.state.systems[alpha.unboundSysSn]!
  spare.bound = true
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(fakes.server.link.replace('/#', '/?view=settings#'))
  await addAlphaessAccount(page, fakes)

  const which = page.getByTestId('alphaess-unbind-system')
  await which.scrollIntoViewIfNeeded()
  await expect(which.locator('option')).toHaveCount(2)
  await expect(which.locator('option:checked')).toContainText(`${alpha.sysSn} (in use)`)
  await which.selectOption(alpha.unboundSysSn)
  await page.screenshot({ path: 'test-results/screenshots/settings-alphaess-unbind.png', animations: 'disabled' })
  await page.getByTestId('alphaess-unbind').click()
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toContainText(`Unbind ${alpha.unboundSysSn}?`)
  await expect(dialog).toContainText('The system in use is not affected.')
  await dialog.getByRole('button', { name: 'Unbind' }).click()

  await expect(page.getByTestId('alphaess-result')).toHaveClass(/test-ok/)
  expect(spare.bound).toBe(false)
  expect(fakes.alphaess.state.systems[alpha.sysSn]!.bound).toBe(true)
  // Only the system in use is left to unbind.
  await expect(which).toHaveCount(0)
  await expect(page.getByText('Unbind the system in use')).toBeVisible()
})
