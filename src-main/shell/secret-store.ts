/**
 * Credentials encrypted by the OS keyring through safeStorage's async API (the sync one is
 * deprecated in Electron 45 and removed in 46). Ciphertext is kept base64 in the settings file
 * with the backend that wrote it, so a keyring change reads as "re-enter your credentials"
 * instead of a decrypt exception (Element Desktop's model).
 */
import type { CommandLine, SafeStorage } from 'electron'
import type { KeyringStatus } from '../../src-shared/model'
import type { SecretStore } from '../core/host'
import type { SecretsSection, StoredSecrets } from './settings-store'

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>

export const WEAK_KEYRING_MESSAGE =
  'No system keyring found: secrets are stored with weak obfuscation. Install GNOME Keyring or KWallet and restart Sunspill.'
export const UNAVAILABLE_KEYRING_MESSAGE =
  'The system keyring is not available, so Sunspill cannot store account credentials. Unlock or install your keyring and restart Sunspill.'

export class SecretUnreadableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretUnreadableError'
  }
}

/** safeStorage only names backends on Linux; elsewhere there is one, and we name it for the record. */
export function keyringBackend(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'macos_keychain'
  if (platform === 'win32') return 'windows_dpapi'
  return safeStorage.getSelectedStorageBackend()
}

/** basic_text encrypts with a password compiled into Chromium; `unknown` means it was asked too early. */
function isObfuscationOnly(backend: string): boolean {
  return backend === 'basic_text' || backend === 'unknown'
}

export class KeyringSecretStore implements SecretStore {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly section: SecretsSection,
    private readonly platform: NodeJS.Platform,
  ) {}

  async status(): Promise<KeyringStatus> {
    // Asked first: it initialises the encryptor, before which Linux reports the backend as `unknown`.
    const available = await this.safeStorage.isAsyncEncryptionAvailable()
    const backend = keyringBackend(this.safeStorage, this.platform)
    if (!available) return { backend, weak: true, message: UNAVAILABLE_KEYRING_MESSAGE }
    if (isObfuscationOnly(backend)) return { backend, weak: true, message: WEAK_KEYRING_MESSAGE }
    const foreign = Object.values(this.section.read()?.entries ?? {}).find((e) => e.backend !== backend && !isObfuscationOnly(e.backend))
    if (foreign) {
      return {
        backend,
        weak: false,
        message: `Some credentials were saved with the ${foreign.backend} keyring, but Sunspill is now using ${backend}. If an account reports it cannot read its credentials, re-enter them in Settings.`,
      }
    }
    return { backend, weak: false, message: null }
  }

  async set(key: string, value: string): Promise<void> {
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      throw new Error(`The system keyring is not available. Unlock or install your keyring, restart Sunspill and enter them again.`)
    }
    const backend = keyringBackend(this.safeStorage, this.platform)
    const ciphertext = (await this.safeStorage.encryptStringAsync(value)).toString('base64')
    // Read after the await so concurrent writes of different keys do not undo each other.
    const current = this.section.read()
    this.section.write({ backend, entries: { ...current?.entries, [key]: { backend, ciphertext } } })
  }

  async get(key: string): Promise<string | null> {
    const entry = this.section.read()?.entries[key]
    if (!entry) return null
    if (!(await this.safeStorage.isAsyncEncryptionAvailable())) {
      throw new SecretUnreadableError(
        `Sunspill cannot read your saved credentials because the system keyring is not available. Unlock or install your keyring and restart Sunspill.`,
      )
    }
    const backend = keyringBackend(this.safeStorage, this.platform)
    let decrypted: { result: string; shouldReEncrypt: boolean }
    try {
      decrypted = await this.safeStorage.decryptStringAsync(Buffer.from(entry.ciphertext, 'base64'))
    } catch {
      throw new SecretUnreadableError(
        entry.backend !== backend
          ? `Your saved credentials were stored with the ${entry.backend} keyring, but Sunspill is now using ${backend}, so they cannot be read: re-enter your credentials in Settings.`
          : `Your saved credentials could not be decrypted with the ${backend} keyring: re-enter your credentials in Settings.`,
      )
    }
    if (decrypted.shouldReEncrypt || entry.backend !== backend) {
      // Key rotated or keyring upgraded: store it again under the current key; a failure here only delays that.
      await this.set(key, decrypted.result).catch(() => undefined)
    }
    return decrypted.result
  }

  async has(key: string): Promise<boolean> {
    return !!this.section.read()?.entries[key]
  }

  async delete(key: string): Promise<void> {
    const current = this.section.read()
    if (!current?.entries[key]) return
    const { [key]: _removed, ...entries } = current.entries
    this.section.write({ ...current, entries })
  }
}

/**
 * Chromium picks the Linux keyring from the desktop session, so the same user can land on a
 * different one next time (another DE, a headless session) and fail to read what it wrote.
 * Pinning the recorded backend keeps reads working. Element's map, plus kwallet6 which Electron 45
 * accepts. basic_text is deliberately not pinned: pinning it would keep a user who followed our
 * advice and installed a keyring on the weak store forever; its ciphertext stays readable anyway.
 */
const PASSWORD_STORE_SWITCH: Record<string, string> = {
  gnome_libsecret: 'gnome-libsecret',
  kwallet: 'kwallet',
  kwallet5: 'kwallet5',
  kwallet6: 'kwallet6',
}

export function pinPasswordStore(
  commandLine: Pick<CommandLine, 'appendSwitch' | 'hasSwitch'>,
  secrets: StoredSecrets | null,
  platform: NodeJS.Platform,
): string | null {
  if (platform !== 'linux' || !secrets) return null
  // The user's own --password-store wins.
  if (commandLine.hasSwitch('password-store')) return null
  const value = PASSWORD_STORE_SWITCH[secrets.backend]
  if (!value) return null
  commandLine.appendSwitch('password-store', value)
  return value
}
