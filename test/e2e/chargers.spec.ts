import { expect, test, type Page } from '@playwright/test'
import { andersenFixture, startAndersenFake } from '../fakes/andersen/server'
import { CHARGE_AMPS_FIXTURE, fakeChargePoint, fakeConnector, startChargeAmpsFake } from '../fakes/chargeamps/server'
import { addAccount } from './accounts'
import { startServer, type RunningServer } from './headless-server'

let server: RunningServer
const closers: (() => Promise<void>)[] = []

test.beforeEach(async () => {
  server = await startServer({ realTime: true })
})
test.afterEach(async () => {
  await server.stop()
  for (const close of closers.splice(0)) await close()
})

async function chargerCard(page: Page, idSuffix: string) {
  await page.setViewportSize({ width: 360, height: 520 })
  await page.goto(server.origin)
  const card = page.locator(`[data-testid="charger-card"][data-charger-id$="${idSuffix}"]`)
  await expect(card).toBeVisible()
  await expect(card.getByTestId('charger-status')).not.toHaveText(/offline/i, { timeout: 30_000 })
  return card
}

test('a Charge Amps Aura shows both outlets in the popover, each with its own controls', async ({ page }) => {
  const id = '2103007777'
  const aura = fakeChargePoint({ id, name: 'Carport', type: 'Aura', connectors: [fakeConnector(id), fakeConnector(id, { connectorId: 2, car: { connected: false, maxA: 32, phases: 3, full: false } })] })
  const fake = await startChargeAmpsFake({ chargePoints: [aura] })
  closers.push(() => fake.close())
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await addAccount(page, { kind: 'chargeamps', name: 'Carport', fields: { email: fake.email, password: fake.password, apiKey: fake.apiKey }, baseUrl: fake.url, choice: id })

  const first = await chargerCard(page, `:${id}:1`)
  const second = page.locator(`[data-testid="charger-card"][data-charger-id$=":${id}:2"]`)
  await expect(first).toContainText('Carport · connector 1')
  await expect(second).toContainText('Carport · connector 2')
  await expect(first.getByTestId('charger-toggle')).toBeVisible()
  await second.scrollIntoViewIfNeeded()
  await expect(second.getByTestId('charger-toggle')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/popover-chargeamps-aura.png', animations: 'disabled' })

  // Two chargers on one meter: Settings → Control says which takes the sun first.
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await page.getByTestId('settings-nav-control').click()
  // Two long names would crowd a segmented control: the choice is a menu.
  const sunFirst = page.getByRole('combobox', { name: 'Sun goes first to' })
  await expect(sunFirst).toHaveAttribute('data-testid', 'settings-sun-first')
  await expect(sunFirst.locator('option:checked')).toHaveText('Carport · connector 1')
  await sunFirst.selectOption({ label: 'Carport · connector 2' })
  await expect(sunFirst.locator('option:checked')).toHaveText('Carport · connector 2')
  await page.screenshot({ path: 'test-results/screenshots/settings-control-sun-first.png', animations: 'disabled' })
  await page.getByTestId('settings-save').click()
  await expect(page.getByTestId('settings-saved')).toBeVisible()
  const view = await page.request.post(`${server.origin}/api/settings:get`, { data: {}, headers: { authorization: `Bearer ${server.token}` } })
  expect((await view.json()).settings.control.sunFirstChargerId).toMatch(new RegExp(`:${id}:2$`))
})

test('a Charge Amps charger is added against its fake and shows current, on/off and its page', async ({ page }) => {
  const fake = await startChargeAmpsFake()
  closers.push(() => fake.close())
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await addAccount(page, {
    kind: 'chargeamps',
    name: 'Garage',
    fields: { email: fake.email, password: fake.password, apiKey: fake.apiKey },
    baseUrl: fake.url,
    choice: CHARGE_AMPS_FIXTURE.chargePointId,
  })

  const card = await chargerCard(page, `:${CHARGE_AMPS_FIXTURE.chargePointId}:${CHARGE_AMPS_FIXTURE.connectorId}`)
  await expect(card.getByTestId('charger-current')).toBeVisible()
  await expect(card.getByTestId('charger-toggle')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/popover-chargeamps.png', animations: 'disabled' })

  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.origin + '/?view=settings')
  await page.locator('[data-testid^="settings-nav-charger-"]').filter({ hasText: CHARGE_AMPS_FIXTURE.chargePointName }).first().click()
  await expect(page.getByTestId('charger-page')).toBeVisible()
  await expect(page.getByTestId('charger-field-phaseCurrents')).toBeVisible()
  await expect(page.getByTestId('charger-action-reboot')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/settings-charger-chargeamps.png', animations: 'disabled' })

  // What happens when Sunspill stops: the owner can choose; the safe default for a Charge Amps is
  // its own schedules, a mode the loop itself never sets, so the fake proves the hand-off ran.
  const handoff = page.getByTestId('charger-handoff')
  await expect(handoff).toHaveValue('vendor')
  await handoff.selectOption('minimum')
  await expect(page.getByTestId('charger-handoff-saved')).toBeVisible()
  await handoff.selectOption('vendor')
  await expect(page.getByTestId('charger-handoff-saved')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/settings-charger-handoff.png', animations: 'disabled' })

  // A departure plan is saved with the settings and is there again after a reload.
  await page.getByTestId('charger-plan-time').fill('06:30')
  await page.getByTestId('charger-plan-energy').fill('18')
  await page.getByTestId('charger-plan-energy').blur()
  await page.getByTestId('charger-plan-enabled').click()
  await expect(page.getByTestId('charger-plan-saved')).toBeVisible()
  await page.getByTestId('charger-plan-energy').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/settings-charger-plan.png', animations: 'disabled' })
  await page.reload()
  await page.locator('[data-testid^="settings-nav-charger-"]').filter({ hasText: CHARGE_AMPS_FIXTURE.chargePointName }).first().click()
  await expect(page.getByTestId('charger-plan-enabled')).toHaveAttribute('aria-checked', 'true')
  await expect(page.getByTestId('charger-plan-time')).toHaveValue('06:30')
  await expect(page.getByTestId('charger-plan-energy')).toHaveValue('18')
  await server.stop()
  expect(fake.state.connector().settings.mode).toBe('Schedule')
})

test('an Andersen A2 is added against its fake and shows on/off but no current control', async ({ page }) => {
  const fake = await startAndersenFake()
  closers.push(() => fake.close())
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.link.replace('/#', '/?view=settings#'))
  await addAccount(page, {
    kind: 'andersen',
    name: 'Driveway',
    fields: { email: fake.email, password: fake.password },
    baseUrl: fake.baseUrl,
    choice: andersenFixture.deviceId,
  })

  const card = await chargerCard(page, `:${andersenFixture.deviceId}`)
  await expect(card.getByTestId('charger-toggle')).toBeVisible()
  // The A2 has no current setpoint: the popover must not pretend it has.
  await expect(card.getByTestId('charger-current')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screenshots/popover-andersen.png', animations: 'disabled' })

  // Off locks the charger in the fake; the user's wish reaches the cloud.
  await card.getByTestId('charger-toggle').click()
  await expect.poll(() => fake.device().commands.at(-1), { timeout: 60_000 }).toBe('userLock')

  // The A2 keeps five schedule slots and its schedules have no current: the page offers neither more
  // rows nor a cap, and says why instead of letting the cloud refuse after Save.
  await page.setViewportSize({ width: 900, height: 640 })
  await page.goto(server.origin + '/?view=settings')
  await page.locator('[data-testid^="settings-nav-charger-"]').filter({ hasText: andersenFixture.friendlyName }).first().click()
  await expect(page.getByTestId('charger-page')).toBeVisible()
  const rows = page.getByTestId('schedule-row')
  await expect(rows).toHaveCount(1)
  const add = page.getByTestId('schedule-add')
  await expect(page.getByTestId('schedules-full')).toHaveCount(0)
  while (await add.isEnabled()) await add.click()
  await expect(rows).toHaveCount(5)
  await expect(add).toBeDisabled()
  await expect(page.getByTestId('schedules-full')).toHaveText('The Andersen A2 keeps 5 schedules, one per slot.')
  await expect(page.getByTestId('schedule-max-current')).toHaveCount(0)
  await expect(page.getByTestId('schedules-footnote')).toContainText('cannot cap the current')
  await page.getByTestId('schedules-save').click()
  await expect(page.getByTestId('schedules-saved')).toBeVisible({ timeout: 30_000 })
  await expect(rows).toHaveCount(5)
  // All five slots hold a schedule now: the fixture's overnight one (off) and four new nightly ones.
  expect(fake.device().schedules.map((slot) => [slot.enabled, slot.startHour])).toEqual([[false, 0], [true, 22], [true, 22], [true, 22], [true, 22]])
  await page.getByTestId('schedules-save').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/settings-charger-andersen-schedules.png', animations: 'disabled' })
})
