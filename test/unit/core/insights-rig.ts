/**
 * The accounts handlers as the core builds them, on a manual clock, with secrets in a real file
 * store and settings held in memory: enough to ask accounts:insights what a user's page would.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { manualClock, type ManualClock } from '../../../src-main/core/clock'
import { accountHandlers } from '../../../src-main/core/handlers/accounts'
import type { AccountInsightsRequest } from '../../../src-shared/contract'
import type { AccountInsights } from '../../../src-shared/model'
import { defaultSettings, secretKey, type Account, type Settings } from '../../../src-shared/settings'
import { testHost } from '../helpers/core-host'
import { memoryLogger, type MemoryLogger } from '../helpers/memory-logger'

export interface InsightsRig {
  clock: ManualClock
  logger: MemoryLogger
  settings: Settings
  storeSecret(accountId: string, field: string, value: string): Promise<void>
  insights(req: AccountInsightsRequest): Promise<AccountInsights>
}

export function insightsRig(startMs: number, accounts: Account[]): InsightsRig {
  const clock = manualClock(startMs)
  const logger = memoryLogger({ redacting: false })
  const host = testHost({ dir: mkdtempSync(join(tmpdir(), 'sunspill-insights-')), clock, logger })
  const settings: Settings = { ...defaultSettings(), accounts }
  const handlers = accountHandlers({
    host,
    deps: { clock, logger, random: () => 0.5 },
    driverFor: () => undefined,
    settings: () => settings,
    commit: async () => {
      throw new Error('not saved in these tests')
    },
    saveFailure: String,
    secretsChanged: async () => undefined,
    // Pacing and retries wait on the test's clock, not the wall's.
    sleep: async (ms) => clock.advance(ms),
  })
  return {
    clock,
    logger,
    settings,
    storeSecret: (accountId, field, value) => host.secretStore.set(secretKey(accountId, field), value),
    insights: (req) => handlers['accounts:insights'](req),
  }
}
