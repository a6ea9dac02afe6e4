/**
 * Where this computer's loop runs, kept beside the settings but apart from them: the settings
 * belong to whichever core runs the loop (in remote mode, the remote's), this choice to this
 * computer. The token is not here; it lives in the keyring with the account secrets.
 */
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { RemoteMode } from '../../src-shared/remote'
import { writeJsonAtomic } from '../core/atomic-json'

export const RemoteConfig = z.object({
  mode: RemoteMode.default('local'),
  url: z.string().default(''),
  fingerprint: z.string().nullable().default(null),
})
export type RemoteConfig = z.infer<typeof RemoteConfig>

export interface RemoteConfigStore {
  read(): RemoteConfig
  write(config: RemoteConfig): void
}

/** The secret store key of the remote's token. */
export const REMOTE_TOKEN_KEY = 'remote:token'

export class RemoteConfigFile implements RemoteConfigStore {
  constructor(
    readonly location: string,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  read(): RemoteConfig {
    let text: string
    try {
      text = readFileSync(this.location, 'utf8')
    } catch {
      return RemoteConfig.parse({})
    }
    try {
      return RemoteConfig.parse(JSON.parse(text))
    } catch {
      // Falling back to this computer is the safe reading of a damaged file: nothing is left uncontrolled.
      this.warn(`${this.location} could not be read, so Sunspill runs the loop on this computer. Choose the remote again in Settings → Remote.`)
      return RemoteConfig.parse({})
    }
  }

  write(config: RemoteConfig): void {
    writeJsonAtomic(this.location, RemoteConfig.parse(config), { mode: 0o600 })
  }
}
