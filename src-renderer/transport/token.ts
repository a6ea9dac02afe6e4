/**
 * The headless server prints http://127.0.0.1:PORT/#token=…. The token travels in the hash so it
 * never reaches a server log; we move it to sessionStorage (survives reloads and ?view=settings
 * in the same tab) and take it out of the address bar so it is not bookmarked or shared.
 */
export const TOKEN_STORAGE_KEY = 'sunspill.token'

export interface TokenEnvironment {
  location: { href: string; hash: string }
  storage: Pick<Storage, 'getItem' | 'setItem'> | null
  history: Pick<History, 'replaceState' | 'state'>
}

export function takeAccessToken(env: TokenEnvironment): string | null {
  const params = new URLSearchParams(env.location.hash.replace(/^#/, ''))
  const fromHash = params.get('token')
  if (fromHash) {
    safely(() => env.storage?.setItem(TOKEN_STORAGE_KEY, fromHash))
    params.delete('token')
    const url = new URL(env.location.href)
    const rest = params.toString()
    url.hash = rest ? `#${rest}` : ''
    env.history.replaceState(env.history.state, '', url.toString())
    return fromHash
  }
  return safely(() => env.storage?.getItem(TOKEN_STORAGE_KEY)) ?? null
}

// Storage throws when the browser blocks it; the token then lives for this page load only.
function safely<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch {
    return undefined
  }
}
