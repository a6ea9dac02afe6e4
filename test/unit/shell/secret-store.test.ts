import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { app, safeStorage } from '../../fakes/electron'
import {
  KeyringSecretStore,
  SecretUnreadableError,
  UNAVAILABLE_KEYRING_MESSAGE,
  WEAK_KEYRING_MESSAGE,
  pinPasswordStore,
} from '../../../src-main/shell/secret-store'
import { SettingsFile } from '../../../src-main/shell/settings-store'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sunspill-secrets-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const TOKEN = 'psk_2f9c1e0b7a6d4c3b9e8f1a2b3c4d5e6f'

function open(platform: NodeJS.Platform = 'linux') {
  const file = new SettingsFile({ cwd: dir })
  return { file, secrets: new KeyringSecretStore(safeStorage, file, platform) }
}
const fileText = () => readFileSync(join(dir, 'settings.json'), 'utf8')

describe('KeyringSecretStore', () => {
  it('round-trips a secret and deletes it', async () => {
    const { secrets } = open()
    expect(await secrets.get('amber.token')).toBeNull()
    expect(await secrets.has('amber.token')).toBe(false)
    await secrets.set('amber.token', TOKEN)
    expect(await secrets.has('amber.token')).toBe(true)
    expect(await secrets.get('amber.token')).toBe(TOKEN)
    // A fresh instance reads it back from disk.
    expect(await open().secrets.get('amber.token')).toBe(TOKEN)
    await secrets.delete('amber.token')
    expect(await secrets.get('amber.token')).toBeNull()
  })

  it('never writes the secret to the settings file in plain text', async () => {
    const { secrets, file } = open()
    await secrets.set('amber.token', TOKEN)
    await secrets.set('alpha.password', 'hunter2-correct-horse')
    const text = fileText()
    for (const plain of [TOKEN, 'hunter2-correct-horse']) {
      expect(text).not.toContain(plain)
      expect(text).not.toContain(Buffer.from(plain).toString('base64'))
    }
    expect(file.read()).toMatchObject({ backend: 'gnome_libsecret', entries: { 'amber.token': { backend: 'gnome_libsecret' } } })
  })

  it('reports a real keyring as strong', async () => {
    expect(await open().secrets.status()).toEqual({ backend: 'gnome_libsecret', weak: false, message: null })
  })

  it('reports basic_text on Linux as weak obfuscation', async () => {
    safeStorage.backend = 'basic_text'
    expect(await open().secrets.status()).toEqual({ backend: 'basic_text', weak: true, message: WEAK_KEYRING_MESSAGE })
    expect(WEAK_KEYRING_MESSAGE).toBe(
      'No system keyring found: secrets are stored with weak obfuscation. Install GNOME Keyring or KWallet and restart Sunspill.',
    )
    safeStorage.backend = 'unknown'
    expect((await open().secrets.status()).weak).toBe(true)
  })

  it('names the platform keyring on macOS and Windows', async () => {
    expect(await open('darwin').secrets.status()).toEqual({ backend: 'macos_keychain', weak: false, message: null })
    expect((await open('win32').secrets.status()).backend).toBe('windows_dpapi')
  })

  it('refuses to store a secret when encryption is unavailable, and says so', async () => {
    safeStorage.available = false
    const { secrets, file } = open()
    expect(await secrets.status()).toEqual({ backend: 'gnome_libsecret', weak: true, message: UNAVAILABLE_KEYRING_MESSAGE })
    await expect(secrets.set('amber.token', TOKEN)).rejects.toThrow(/^The system keyring is not available\. Unlock or install your keyring/)
    expect(file.read()).toBeNull()
  })

  it('asks to re-enter credentials written by another keyring instead of throwing a decrypt error', async () => {
    safeStorage.backend = 'kwallet5'
    await open().secrets.set('amber.token', TOKEN)
    safeStorage.backend = 'gnome_libsecret'
    const { secrets } = open()
    const error = await secrets.get('amber.token').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SecretUnreadableError)
    expect((error as Error).message).toBe(
      'Your saved credentials were stored with the kwallet5 keyring, but Sunspill is now using gnome_libsecret, so they cannot be read: re-enter your credentials in Settings.',
    )
    expect((await secrets.status()).message).toMatch(/saved with the kwallet5 keyring.*re-enter them in Settings/)
  })

  it('moves credentials from basic_text to a keyring that appeared, and re-encrypts when asked to', async () => {
    safeStorage.backend = 'basic_text'
    await open().secrets.set('amber.token', TOKEN)
    safeStorage.backend = 'gnome_libsecret'
    const { secrets, file } = open()
    expect(await secrets.get('amber.token')).toBe(TOKEN)
    expect(file.read()).toMatchObject({ backend: 'gnome_libsecret', entries: { 'amber.token': { backend: 'gnome_libsecret' } } })

    let writes = 0
    const counting = { read: () => file.read(), write: (s: Parameters<typeof file.write>[0]) => (writes++, file.write(s)) }
    safeStorage.rotateKey = true
    expect(await new KeyringSecretStore(safeStorage, counting, 'linux').get('amber.token')).toBe(TOKEN)
    expect(writes).toBe(1)
  })

  it('keeps concurrent writes of different keys', async () => {
    const { secrets } = open()
    await Promise.all([secrets.set('a', 'one'), secrets.set('b', 'two'), secrets.set('c', 'three')])
    expect(await Promise.all(['a', 'b', 'c'].map((k) => secrets.get(k)))).toEqual(['one', 'two', 'three'])
  })
})

describe('pinPasswordStore', () => {
  const recorded = (backend: string) => ({ backend, entries: {} })

  it('pins the Linux keyring that wrote the secrets', () => {
    expect(pinPasswordStore(app.commandLine, recorded('gnome_libsecret'), 'linux')).toBe('gnome-libsecret')
    expect(app.commandLine.getSwitchValue('password-store')).toBe('gnome-libsecret')
  })

  it.each([
    ['kwallet', 'kwallet'],
    ['kwallet5', 'kwallet5'],
    ['kwallet6', 'kwallet6'],
  ])('maps %s to --password-store=%s', (backend, flag) => {
    expect(pinPasswordStore(app.commandLine, recorded(backend), 'linux')).toBe(flag)
  })

  it('leaves basic_text unpinned so a newly installed keyring is picked up', () => {
    expect(pinPasswordStore(app.commandLine, recorded('basic_text'), 'linux')).toBeNull()
    expect(app.commandLine.hasSwitch('password-store')).toBe(false)
  })

  it('does nothing without secrets, off Linux, or when the user chose a store', () => {
    expect(pinPasswordStore(app.commandLine, null, 'linux')).toBeNull()
    expect(pinPasswordStore(app.commandLine, recorded('gnome_libsecret'), 'darwin')).toBeNull()
    app.commandLine.appendSwitch('password-store', 'kwallet5')
    expect(pinPasswordStore(app.commandLine, recorded('gnome_libsecret'), 'linux')).toBeNull()
    expect(app.commandLine.getSwitchValue('password-store')).toBe('kwallet5')
  })
})
