/** Adds an account through the settings window, as a user would. */
import { expect, type Page } from '@playwright/test'
import { wallboxFakeFixture, type WallboxFake } from '../fakes/wallbox/server'

export interface AccountForm {
  kind: string
  name: string
  fields: Record<string, string>
  baseUrl: string
  /** The id of the system, site or charger to pick after Test. */
  choice: string
}

export async function addAccount(page: Page, form: AccountForm): Promise<void> {
  await page.getByTestId('settings-nav-accounts').click()
  await page.getByTestId('account-add').click()
  await page.getByTestId(`account-kind-${form.kind}`).click()
  await page.getByTestId('account-name').fill(form.name)
  for (const [field, value] of Object.entries(form.fields)) await page.getByTestId(`account-field-${field}`).fill(value)
  await page.getByTestId('account-advanced').click()
  await page.getByTestId('account-baseurl').fill(form.baseUrl)
  await page.getByTestId('account-test').click()
  await expect(page.getByTestId(`account-choice-${form.choice}`)).toBeVisible()
  await page.getByTestId(`account-choice-${form.choice}`).check()
  await page.getByTestId('account-save').click()
  await expect(page.getByTestId('account-saved')).toBeVisible()
}

/** Adds the Wallbox fake's account ("Garage Wallbox", its charger picked). */
export function addWallboxAccount(page: Page, wallbox: WallboxFake): Promise<void> {
  return addAccount(page, { kind: 'wallbox', name: 'Garage Wallbox', fields: { username: wallbox.username, password: wallbox.password }, baseUrl: wallbox.url, choice: wallboxFakeFixture.chargerId })
}
