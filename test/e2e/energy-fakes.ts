import { test } from '@playwright/test'
import { startAlphaessFake, type AlphaessFake } from '../fakes/alphaess/server'
import { startAmberFake, type AmberFake, type AmberFakeOptions } from '../fakes/amber/server'
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
