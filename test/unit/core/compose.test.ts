import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import type { Charger, Tariff } from '../../../src-main/core/devices'
import type { SecretStore } from '../../../src-main/core/host'
import { createFileLogger } from '../../../src-main/core/log'
import { FileSecretStore } from '../../../src-main/core/secrets/file-store'
import { composeSite } from '../../../src-main/core/site/compose'
import type { AccountDriver } from '../../../src-main/core/vendors/driver'
import { memoryLogger } from '../helpers/memory-logger'
import { defaultDemoAccount, defaultSettings, secretKey, type Account, type Settings } from '../../../src-shared/settings'

const wallbox: Account = { kind: 'wallbox', id: 'wb', name: 'Garage', baseUrl: '', username: 'a@b.c', chargerId: '42' }
const amber: Account = { kind: 'amber', id: 'am', name: 'Amber', baseUrl: '', siteId: 'S1' }

/** Drivers that hand out labelled placeholders: what is under test is who fills which role. */
const drivers: Partial<Record<Account['kind'], AccountDriver>> = {
  wallbox: {
    kind: 'wallbox',
    test: async () => ({ ok: true, message: '', choices: [] }),
    devices: (account) => ({ chargers: [{ id: `${account.id}:42`, label: 'Real charger' } as Charger] }),
  },
  amber: {
    kind: 'amber',
    test: async () => ({ ok: true, message: '', choices: [] }),
    devices: () => ({ tariff: { id: 'am:tariff', label: 'Real prices' } as Tariff }),
  },
}

async function compose(accounts: Account[], secrets: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sunspill-compose-'))
  const logger = createFileLogger(join(dir, 'log'))
  const store = new FileSecretStore(join(dir, 'secrets.json'), logger, {})
  for (const [key, value] of Object.entries(secrets)) await store.set(key, value)
  const settings: Settings = { ...defaultSettings(), accounts }
  return composeSite(settings, store, { clock: manualClock(0), logger }, (kind) => drivers[kind])
}

describe('composing the site from accounts', () => {
  it('uses the demo home whole when there are no accounts', async () => {
    const site = await compose([])
    expect(site.usesDemo).toBe(true)
    expect(site.devices.chargers.map((c) => c.label)).toEqual(['Demo charger'])
  })

  it('lets real prices feed the demo home', async () => {
    const site = await compose([defaultDemoAccount, amber], { [secretKey('am', 'token')]: 'psk_x' })
    expect(site.usesDemo).toBe(true)
    expect(site.devices.tariff?.label).toBe('Real prices')
  })

  it('never lets the simulated meter steer a real charger', async () => {
    const site = await compose([defaultDemoAccount, wallbox], { [secretKey('wb', 'password')]: 'pw' })
    expect(site.usesDemo).toBe(false)
    expect(site.devices.meter).toBeNull()
    expect(site.devices.chargers.map((c) => c.label)).toEqual(['Real charger'])
  })

  it('reports an account that is missing its secret or its pick, instead of starting it', async () => {
    const site = await compose([wallbox, { ...amber, siteId: null }])
    expect(site.problems.map((p) => p.message)).toEqual([
      'Garage is missing its Password: enter it in Settings → Accounts.',
      'Finish setting up Amber: open Settings → Accounts, press Test and pick what Sunspill should use.',
    ])
    expect(site.devices.chargers).toEqual([])
  })

  it('reports an account whose credentials the keyring cannot read, and starts the others', async () => {
    const locked = 'Sunspill cannot read your saved credentials because the system keyring is not available. Unlock or install your keyring and restart Sunspill.'
    const store: SecretStore = {
      status: async () => ({ backend: 'gnome_libsecret', weak: false, message: null }),
      set: async () => undefined,
      has: async () => true,
      delete: async () => undefined,
      get: async (key) => {
        if (key.startsWith('wb:')) throw new Error(locked)
        return 'psk_x'
      },
    }
    const settings: Settings = { ...defaultSettings(), accounts: [wallbox, amber] }
    const site = await composeSite(settings, store, { clock: manualClock(0), logger: memoryLogger() }, (kind) => drivers[kind])
    expect(site.problems).toEqual([{ id: 'account:wb', accountId: 'wb', label: 'Garage', message: locked }])
    expect(site.devices.tariff?.label).toBe('Real prices')
  })
})
