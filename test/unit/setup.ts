/**
 * Every unit test runs against a fake `electron`: the real package downloads its binary the
 * first time it is required, which cannot happen on CI machines without Electron's downloads.
 */
import { beforeEach, vi } from 'vitest'

vi.mock('electron', async () => (await import('../fakes/electron')).electronModule())

beforeEach(async () => {
  ;(await import('../fakes/electron')).resetElectronFake()
})
