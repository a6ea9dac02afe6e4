import { FINGERPRINT_HINT, URL_HINT, normaliseFingerprint, normaliseRemoteUrl, type RemoteRequest, type RemoteView } from '../../src-shared/remote'

/** Pure logic behind Settings → Remote: what the form holds and what it would send. */
export interface RemoteDraft {
  url: string
  /** Typed here only; empty keeps the stored token. */
  token: string
  fingerprint: string
}

export function draftFromView(view: RemoteView | null): RemoteDraft {
  return { url: view?.url ?? '', token: '', fingerprint: view?.fingerprint ?? '' }
}

export interface RemoteValidation {
  errors: { url?: string; fingerprint?: string; token?: string }
  /** What Test and Connect send, when the draft is usable. */
  request: RemoteRequest | null
}

export function validateRemoteDraft(draft: RemoteDraft, tokenSet: boolean): RemoteValidation {
  const errors: RemoteValidation['errors'] = {}
  const url = normaliseRemoteUrl(draft.url)
  if (url === null) errors.url = draft.url.trim() ? URL_HINT : 'Enter the address of the machine that runs the headless Sunspill.'
  const fingerprint = draft.fingerprint.trim() ? normaliseFingerprint(draft.fingerprint) : null
  if (draft.fingerprint.trim() && fingerprint === null) errors.fingerprint = FINGERPRINT_HINT
  if (!draft.token.trim() && !tokenSet) errors.token = 'Paste the token from the headless-token file in the server’s data folder.'
  // A first test of an https address needs no token: it only fetches the certificate to pin.
  const usable = url !== null && !errors.fingerprint
  return { errors, request: usable ? { url, token: draft.token.trim(), fingerprint } : null }
}

/** Connect needs everything: address, token, and for https a pinned certificate. */
export function connectBlocker(draft: RemoteDraft, validation: RemoteValidation): string | null {
  if (!validation.request) return validation.errors.url ?? validation.errors.fingerprint ?? null
  if (validation.errors.token) return validation.errors.token
  if (validation.request.url.startsWith('https:') && !validation.request.fingerprint) {
    return 'Test the connection first, then pin the certificate it shows.'
  }
  return null
}
