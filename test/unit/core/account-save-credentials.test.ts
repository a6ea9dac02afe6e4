import { describe, expect, it, vi } from 'vitest'
import { manualClock } from '../../../src-main/core/clock'
import { accountHandlers } from '../../../src-main/core/handlers/accounts'
import type { CoreHost } from '../../../src-main/core/host'
import { KeyringSecretStore, type SafeStorageLike } from '../../../src-main/shell/secret-store'
import type { SecretsSection } from '../../../src-main/shell/settings-store'
import { defaultSettings } from '../../../src-shared/settings'
import { memoryLogger } from '../helpers/memory-logger'

/** A keyring that is locked: safeStorage says async encryption is not available. */
function lockedKeyring(): KeyringSecretStore {
  const safe = { isAsyncEncryptionAvailable: async () => false, getSelectedStorageBackend: () => 'gnome_libsecret' } as unknown as SafeStorageLike
  let stored: ReturnType<SecretsSection['read']> = null
  const section = { read: () => stored, write: (next: typeof stored) => void (stored = next) } as unknown as SecretsSection
  return new KeyringSecretStore(safe, section, 'linux')
}

describe('accounts:save when the credentials cannot be stored', () => {
  it('says the credentials were not saved and why, without promising a retry, and saves nothing else', async () => {
    const commit = vi.fn()
    const secretsChanged = vi.fn()
    const host = { secretStore: lockedKeyring(), logger: memoryLogger() } as unknown as CoreHost
    const handlers = accountHandlers({
      host,
      deps: { clock: manualClock(0), logger: host.logger },
      driverFor: () => undefined,
      settings: defaultSettings,
      commit,
      saveFailure: String,
      secretsChanged,
    })

    const result = await handlers['accounts:save']({
      account: { kind: 'amber', id: 'amber', name: 'Amber', baseUrl: '', siteId: null },
      secrets: { token: 'psk_2f9c1e0b7a6d4c3b9e8f1a2b3c4d5e6f' },
    })

    expect(result).toEqual({
      ok: false,
      error:
        'Could not save the credentials: the system keyring is not available. Unlock or install your keyring, restart Sunspill and enter them again.',
    })
    expect(JSON.stringify(result)).not.toMatch(/keeps trying|Could not reach/)
    // The account is not half-added without its token.
    expect(commit).not.toHaveBeenCalled()
    expect(secretsChanged).not.toHaveBeenCalled()
  })

  it('ends the sentence properly when the store gives a bare reason', async () => {
    const host = {
      secretStore: { set: async () => Promise.reject(new Error("EACCES: permission denied, open '/data/secrets.json'")) },
      logger: memoryLogger(),
    } as unknown as CoreHost
    const handlers = accountHandlers({
      host,
      deps: { clock: manualClock(0), logger: host.logger },
      driverFor: () => undefined,
      settings: defaultSettings,
      commit: vi.fn(),
      saveFailure: String,
      secretsChanged: vi.fn(),
    })
    const result = await handlers['accounts:save']({
      account: { kind: 'amber', id: 'amber', name: 'Amber', baseUrl: '', siteId: null },
      secrets: { token: 'psk_2f9c1e0b7a6d4c3b9e8f1a2b3c4d5e6f' },
    })
    expect(result).toEqual({ ok: false, error: "Could not save the credentials: EACCES: permission denied, open '/data/secrets.json'." })
  })
})

describe('accounts:test when a stored credential cannot be read', () => {
  it('answers a failed test with the store’s own sentence', async () => {
    const unreadable = 'Your saved credentials could not be decrypted with the gnome_libsecret keyring: re-enter your credentials in Settings.'
    const host = {
      secretStore: { get: async () => Promise.reject(new Error(unreadable)) },
      logger: memoryLogger(),
    } as unknown as CoreHost
    const amber = { kind: 'amber' as const, test: vi.fn(), devices: vi.fn() }
    const handlers = accountHandlers({
      host,
      deps: { clock: manualClock(0), logger: host.logger },
      driverFor: () => amber,
      settings: defaultSettings,
      commit: vi.fn(),
      saveFailure: String,
      secretsChanged: vi.fn(),
    })
    const result = await handlers['accounts:test']({ account: { kind: 'amber', id: 'amber', name: 'Amber', baseUrl: '', siteId: null }, secrets: {} })
    expect(result).toEqual({ ok: false, message: unreadable, choices: [] })
    expect(amber.test).not.toHaveBeenCalled()
  })
})
