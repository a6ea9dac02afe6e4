import { test, type Page } from '@playwright/test'
import { defaultAlphaessFixture, startAlphaessFake, type AlphaessFake } from '../fakes/alphaess/server'
import { amberFixture, startAmberFake, type AmberFake, type AmberFakeOptions } from '../fakes/amber/server'
import { addAccount } from './accounts'
import { startServer, type RunningServer } from './headless-server'

export interface EnergyFakes {
  server: RunningServer
  alphaess: AlphaessFake
  amber: AmberFake
}

/**
 * Fresh AlphaESS and Amber fakes and a headless server for each test of the file that calls
 * this. Real time: the vendors' signatures and rate windows follow the wall clock.
 */
export function energyFakesPerTest(amberOptions?: AmberFakeOptions): EnergyFakes {
  const fakes = {} as EnergyFakes
  test.beforeEach(async () => {
    fakes.alphaess = await startAlphaessFake()
    fakes.amber = await startAmberFake(amberOptions)
    fakes.server = await startServer({ realTime: true })
  })
  test.afterEach(async () => {
    await fakes.server.stop()
    await fakes.alphaess.close()
    await fakes.amber.close()
  })
  return fakes
}

/** Adds the AlphaESS account ("Home battery", its system picked) through Settings → Accounts. */
export function addAlphaessAccount(page: Page, fakes: EnergyFakes): Promise<void> {
  const { alphaess } = fakes
  return addAccount(page, { kind: 'alphaess', name: 'Home battery', fields: { appId: alphaess.appId, appSecret: alphaess.appSecret }, baseUrl: alphaess.url, choice: defaultAlphaessFixture.sysSn })
}

/** Adds the Amber account ("Amber", its active site picked) through Settings → Accounts. */
export function addAmberAccount(page: Page, fakes: EnergyFakes): Promise<void> {
  const { amber } = fakes
  return addAccount(page, { kind: 'amber', name: 'Amber', fields: { token: amber.token }, baseUrl: amber.url, choice: amberFixture.activeSite.id })
}
