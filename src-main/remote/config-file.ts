/**
 * Where this computer's loop runs, kept beside the settings but apart from them: the settings
 * belong to whichever core runs the loop (in remote mode, the remote's), this choice to this
 * computer. The token is not here; it lives in the keyring with the account secrets.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { RemoteMode } from '../../src-shared/remote'

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
    mkdirSync(dirname(this.location), { recursive: true })
    const temporary = `${this.location}.tmp`
    writeFileSync(temporary, `${JSON.stringify(RemoteConfig.parse(config), null, 2)}\n`, { mode: 0o600 })
    renameSync(temporary, this.location)
  }
}
