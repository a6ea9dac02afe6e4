import { describe, expect, it } from 'vitest'
import { remoteBanner } from '../../../src-renderer/popover/bannerModel'

describe('the popover’s remote banner', () => {
  it('links to Settings → Remote when the link is lost, the token refused or the certificate changed', () => {
    for (const state of ['unreachable', 'unauthorized', 'certificate'] as const) {
      expect(remoteBanner(state)).toEqual({ tone: 'warn', fixInSettings: true })
    }
  })

  it('is news, with nothing to fix, while the link is up or coming up', () => {
    for (const state of ['connected', 'connecting'] as const) {
      expect(remoteBanner(state)).toEqual({ tone: 'info', fixInSettings: false })
    }
  })
})
