/**
 * The history with real AlphaESS and Amber accounts behind it: the vendors' fakes on 127.0.0.1,
 * one manual clock for everything, and a sleep that moves that clock instead of waiting (so
 * AlphaESS's 10 s pace and Amber's windows pass at once, and the fakes see them pass).
 */
import { manualClock, type ManualClock } from '../../../src-main/core/clock'
import { createHistory, type History } from '../../../src-main/core/history'
import type { SecretStore } from '../../../src-main/core/host'
import { AlphaessAccount, AmberAccount, defaultSettings, secretKey, type Account, type Settings } from '../../../src-shared/settings'
import { defaultAlphaessFixture, startAlphaessFake, type AlphaessFake, type AlphaessFakeOptions } from '../../fakes/alphaess/server'
import { amberFixture } from '../../fakes/amber/fixture'
import { startAmberFake, type AmberFake, type AmberFakeOptions } from '../../fakes/amber/server'
import { memoryLogger, type MemoryLogger } from '../helpers/memory-logger'
import { tempDir } from './helpers'

export const ZONE = 'Australia/Sydney'

export interface Harness {
  clock: ManualClock
  history: History
  logger: MemoryLogger
  alphaess: AlphaessFake | null
  amber: AmberFake | null
  accounts: Account[]
  /** Called with each wait the history asks for, after the clock has moved. */
  onSleep: ((ms: number) => void) | null
  /** Waits the history asked for, in order. */
  sleeps: number[]
  dir: string
  close(): Promise<void>
}

export function memorySecretStore(values: Map<string, string>): SecretStore {
  return {
    set: async (key, value) => void values.set(key, value),
    get: async (key) => values.get(key) ?? null,
    has: async (key) => values.has(key),
    delete: async (key) => void values.delete(key),
    status: async () => ({ backend: 'test', weak: false, message: null }),
  }
}

function unreadableFor(store: SecretStore, keys: string[]): SecretStore {
  return {
    ...store,
    get: async (key) => {
      if (keys.includes(key)) throw new Error('Sunspill cannot read your saved credentials because the system keyring is not available.')
      return store.get(key)
    },
  }
}

export async function startHarness(
  nowMs: number,
  options: {
    alphaess?: AlphaessFakeOptions | false
    amber?: AmberFakeOptions | false
    dir?: string
    /** Secret keys the store cannot give back, as a locked keyring answers. */
    unreadable?: string[]
  } = {},
): Promise<Harness> {
  const clock = manualClock(nowMs)
  const logger = memoryLogger()
  const secrets = new Map<string, string>()
  const accounts: Account[] = []
  const alphaess = options.alphaess === false ? null : await startAlphaessFake({ now: () => clock.now(), ...options.alphaess })
  const amber = options.amber === false ? null : await startAmberFake({ now: () => clock.now(), ...options.amber })
  if (alphaess) {
    accounts.push(AlphaessAccount.parse({ kind: 'alphaess', id: 'ess', name: 'Home battery', appId: alphaess.appId, baseUrl: alphaess.url, systemSn: defaultAlphaessFixture.sysSn }))
    secrets.set(secretKey('ess', 'appSecret'), alphaess.appSecret)
  }
  if (amber) {
    accounts.push(AmberAccount.parse({ kind: 'amber', id: 'amber', name: 'Amber', baseUrl: amber.url, siteId: amberFixture.activeSite.id }))
    secrets.set(secretKey('amber', 'token'), amber.token)
  }
  const settings: Settings = { ...defaultSettings(), accounts }
  const dir = options.dir ?? tempDir()
  const harness: Harness = {
    clock,
    logger,
    alphaess,
    amber,
    accounts,
    onSleep: null,
    sleeps: [],
    dir,
    history: createHistory({
      dataDir: dir,
      clock,
      logger,
      secretStore: unreadableFor(memorySecretStore(secrets), options.unreadable ?? []),
      deps: { clock, logger, random: () => 0.5 },
      settings: () => settings,
      cadenceMs: 10_000,
      sleep: async (ms) => {
        clock.advance(ms)
        harness.sleeps.push(ms)
        harness.onSleep?.(ms)
      },
    }),
    async close() {
      await harness.history.close()
      await alphaess?.close()
      await amber?.close()
    },
  }
  return harness
}

/** Resolves once the import has ended, with its last state. */
export async function importEnded(history: History) {
  await history.idle()
  const view = await history.importView()
  if (!view.job || view.job.state === 'running' || view.job.state === 'cancelling') throw new Error(`The import has not ended: ${JSON.stringify(view.job)}`)
  return view.job
}

