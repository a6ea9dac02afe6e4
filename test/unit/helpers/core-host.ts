import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCore } from '../../../src-main/core/app-core'
import { manualClock, type Clock, type ManualClock } from '../../../src-main/core/clock'
import type { CoreApp, CoreHost, Logger } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { JsonFileSettingsStore } from '../../../src-main/core/settings/file-store'

/** Local noon in Sydney on a weekday: sun up, car home. */
export const SYDNEY_NOON = Date.parse('2026-11-19T12:00:00+11:00')

export interface TestHostOptions {
  /** Holds settings.json, secrets.json and logs/, as the headless server's data folder does. */
  dir: string
  clock: Clock
  /** Defaults to the real file logger in `dir`/logs, stamped with wall-clock time. */
  logger?: Logger
}

/**
 * The host the headless server hands the core, on files in `dir`. Secrets live in the file store
 * with the environment ignored, so a developer's SUNSPILL_SECRET_* variables cannot reach a test.
 */
export function testHost({ dir, clock, logger = createFileLogger(join(dir, 'logs', 'sunspill.log')) }: TestHostOptions): CoreHost {
  return {
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
}

export interface TestCore {
  core: CoreApp
  clock: ManualClock
  dir: string
  host: CoreHost
}

/** The real core on the demo home, as the headless server builds it, in a temp folder. */
export async function startTestCore(startMs = SYDNEY_NOON, dir = mkdtempSync(join(tmpdir(), 'sunspill-core-'))): Promise<TestCore> {
  const clock = manualClock(startMs)
  const host = testHost({ dir, clock })
  return { core: await createCore(host), clock, dir, host }
}
