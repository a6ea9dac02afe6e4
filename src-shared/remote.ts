/**
 * Remote mode: the tray app attached to a headless Sunspill on another machine. These schemas
 * cross IPC only; the desktop app answers them itself and never forwards them to the remote.
 */
import { z } from 'zod'

/** The form Node and `openssl x509 -fingerprint -sha256` print: 32 upper-case hex pairs joined by colons. */
export function normaliseFingerprint(text: string): string | null {
  const hex = text.trim().replace(/^sha256\s*fingerprint\s*=\s*/i, '').replace(/[\s:]/g, '').toUpperCase()
  if (!/^[0-9A-F]{64}$/.test(hex)) return null
  return hex.match(/../g)!.join(':')
}

export const FINGERPRINT_HINT = 'A certificate fingerprint is 64 hexadecimal digits (SHA-256), as the headless server prints it when it starts'

export const Fingerprint = z.string().transform((text, ctx) => {
  const normal = normaliseFingerprint(text)
  if (normal === null) {
    ctx.addIssue({ code: 'custom', message: FINGERPRINT_HINT })
    return z.NEVER
  }
  return normal
})

export const URL_HINT = 'Enter the address of the headless Sunspill, like https://sunspill.local:4777'

/** Only scheme, host and port: the API paths are Sunspill's own. A trailing slash is dropped. */
export function normaliseRemoteUrl(text: string): string | null {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
  if (!url.hostname || url.username || url.password || url.search || url.hash || (url.pathname !== '/' && url.pathname !== '')) return null
  return url.origin
}

export const RemoteUrl = z.string().max(2048).transform((text, ctx) => {
  const normal = normaliseRemoteUrl(text)
  if (normal === null) {
    ctx.addIssue({ code: 'custom', message: URL_HINT })
    return z.NEVER
  }
  return normal
})

export const RemoteMode = z.enum(['local', 'remote'])
export type RemoteMode = z.infer<typeof RemoteMode>

/** local: this computer runs the loop; the others describe the link to the remote one. */
export const RemoteLinkState = z.enum(['local', 'connecting', 'connected', 'unreachable', 'unauthorized', 'certificate'])
export type RemoteLinkState = z.infer<typeof RemoteLinkState>

export const RemoteView = z.object({
  mode: RemoteMode,
  /** The remote's address; '' until one was saved. */
  url: z.string(),
  /** Whether a token is stored; the token itself never leaves the main process. */
  tokenSet: z.boolean(),
  /** The pinned SHA-256 fingerprint of the remote's certificate (https only). */
  fingerprint: z.string().nullable(),
  state: RemoteLinkState,
  /** One sentence for the popover and the settings page, e.g. "Connected to sunspill.local:4777". */
  message: z.string(),
})
export type RemoteView = z.infer<typeof RemoteView>

/** An empty token keeps the stored one. */
export const RemoteRequest = z
  .object({
    url: RemoteUrl,
    token: z.string().trim().max(4096).default(''),
    fingerprint: Fingerprint.nullable().default(null),
  })
  .strict()
export type RemoteRequest = z.input<typeof RemoteRequest>

export const RemoteTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** The certificate the server presented (https only), for the user to compare and pin. */
  fingerprint: z.string().nullable(),
  /** True when the presented certificate is not the pinned one (or none is pinned yet). */
  needsPin: z.boolean(),
})
export type RemoteTestResult = z.infer<typeof RemoteTestResult>

export const RemoteConnectResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), view: RemoteView }),
  z.object({ ok: z.literal(false), error: z.string(), test: RemoteTestResult.nullable() }),
])
export type RemoteConnectResult = z.infer<typeof RemoteConnectResult>
