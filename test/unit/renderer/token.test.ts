import { describe, expect, it } from 'vitest'
import { takeAccessToken, TOKEN_STORAGE_KEY } from '../../../src-renderer/transport/token'

function env(href: string) {
  const url = new URL(href)
  const store = new Map<string, string>()
  const replaced: string[] = []
  return {
    env: {
      location: { href, hash: url.hash },
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      history: { state: null, replaceState: (_s: unknown, _t: string, u?: string | URL | null) => void replaced.push(String(u)) },
    },
    store,
    replaced,
  }
}

describe('access token', () => {
  it('takes the token from the hash, keeps it in sessionStorage and clears the address bar', () => {
    const e = env('http://127.0.0.1:4321/?view=settings#token=abc123')
    expect(takeAccessToken(e.env)).toBe('abc123')
    expect(e.store.get(TOKEN_STORAGE_KEY)).toBe('abc123')
    expect(e.replaced).toEqual(['http://127.0.0.1:4321/?view=settings'])
  })

  it('falls back to sessionStorage after a reload, and is null without either', () => {
    const e = env('http://127.0.0.1:4321/')
    expect(takeAccessToken(e.env)).toBeNull()
    e.store.set(TOKEN_STORAGE_KEY, 'kept')
    expect(takeAccessToken(e.env)).toBe('kept')
    expect(e.replaced).toEqual([])
  })
})
