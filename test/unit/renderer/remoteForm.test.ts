import { describe, expect, it } from 'vitest'
import { connectBlocker, draftFromView, validateRemoteDraft } from '../../../src-renderer/settings/remoteForm'
import { normaliseFingerprint, RemoteRequest } from '../../../src-shared/remote'

const FP = 'A7:F3:9C:D2:45:54:4E:55:1D:AB:87:F5:C1:8A:4A:8A:82:7F:FB:85:11:1C:78:83:96:17:BA:05:FF:BF:2D:47'

describe('Settings → Remote form', () => {
  it('accepts a fingerprint as openssl or Node print it, in any case', () => {
    expect(normaliseFingerprint(`sha256 Fingerprint=${FP}`)).toBe(FP)
    expect(normaliseFingerprint(FP.toLowerCase().replace(/:/g, ''))).toBe(FP)
    expect(normaliseFingerprint('AB:CD')).toBeNull()
  })

  it('says what is missing, and lets a first https test run without a token or pin', () => {
    const empty = validateRemoteDraft(draftFromView(null), false)
    expect(empty.request).toBeNull()
    expect(empty.errors.url).toMatch(/^Enter the address/)

    const first = validateRemoteDraft({ url: 'https://sunspill.local:4777/', token: '', fingerprint: '' }, false)
    expect(first.request).toEqual({ url: 'https://sunspill.local:4777', token: '', fingerprint: null })
    expect(connectBlocker({ url: '', token: '', fingerprint: '' }, first)).toMatch(/token/)

    const pinned = validateRemoteDraft({ url: 'https://sunspill.local:4777', token: '', fingerprint: FP.toLowerCase() }, true)
    expect(connectBlocker({ url: '', token: '', fingerprint: '' }, pinned)).toBeNull()
    expect(RemoteRequest.parse(pinned.request)).toEqual({ url: 'https://sunspill.local:4777', token: '', fingerprint: FP })

    const unpinned = validateRemoteDraft({ url: 'https://sunspill.local:4777', token: 't', fingerprint: '' }, false)
    expect(connectBlocker({ url: '', token: '', fingerprint: '' }, unpinned)).toMatch(/pin the certificate/)
    expect(validateRemoteDraft({ url: 'ftp://x', token: 't', fingerprint: '' }, false).errors.url).toMatch(/like https:/)
    expect(validateRemoteDraft({ url: 'https://x/api', token: 't', fingerprint: '' }, false).request).toBeNull()
  })
})
