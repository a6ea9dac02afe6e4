import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../../src-main/core/app-core'
import { manualClock, type ManualClock } from '../../../src-main/core/clock'
import type { CoreApp, CoreHost } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { JsonFileSettingsStore } from '../../../src-main/core/settings/file-store'

/** Local noon in Sydney on a weekday: sun up, car home. */
export const SYDNEY_NOON = Date.parse('2026-11-19T12:00:00+11:00')

export interface TestCore {
  core: CoreApp
  clock: ManualClock
  dir: string
  host: CoreHost
}

/** The real core on the demo home, as the headless server builds it, in a temp folder. */
export async function startTestCore(startMs = SYDNEY_NOON, dir = mkdtempSync(join(tmpdir(), 'sunspill-core-'))): Promise<TestCore> {
  const clock = manualClock(startMs)
  const logger = createFileLogger(join(dir, 'logs', 'sunspill.log'))
  const host: CoreHost = {
    runtime: 'headless',
    appVersion: '0.0.0-test',
    versions: { node: process.versions.node },
    dataDir: dir,
    clock,
    settingsStore: new JsonFileSettingsStore(join(dir, 'settings.json')),
    secretStore: new FileSecretStore(join(dir, 'secrets.json'), logger, {}),
    logger,
    openSettings: async () => false,
    hidePopover: async () => false,
  }
  return { core: await createCore(host), clock, dir, host }
}
