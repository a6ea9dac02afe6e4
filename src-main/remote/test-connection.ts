/**
 * "Test connection" in Settings → Remote. With https and no pinned fingerprint yet, only the TLS
 * handshake happens: the token is not sent to a server the user has not confirmed. With the pin
 * (or plain http), app:info is asked with the token, which proves address, certificate and token.
 */
import { request } from 'undici'
import { AppInfo } from '../../src-shared/contract'
import type { RemoteTestResult } from '../../src-shared/remote'
import type { RemoteTarget } from './client'
import { describeFailure, errorSentence, hostOf, tokenRefusedMessage } from './messages'
import { CertificateNotPinnedError, findCause, pinnedAgent, pinWithPlainHttpMessage } from './pinning'

const TEST_TIMEOUT_MS = 10_000

export async function testRemote(target: RemoteTarget): Promise<RemoteTestResult> {
  const host = hostOf(target.url)
  const https = target.url.startsWith('https:')
  if (!https && target.fingerprint) return { ok: false, message: pinWithPlainHttpMessage(host), fingerprint: null, needsPin: false }
  const agent = pinnedAgent(target.fingerprint)
  try {
    const response = await request(`${target.url}/api/app:info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: '{}',
      dispatcher: agent,
      headersTimeout: TEST_TIMEOUT_MS,
      bodyTimeout: TEST_TIMEOUT_MS,
    })
    const body: unknown = await response.body.json().catch(() => undefined)
    const fingerprint = https ? target.fingerprint : null
    if (response.statusCode === 401) return { ok: false, message: tokenRefusedMessage(host), fingerprint, needsPin: false }
    const info = AppInfo.safeParse(body)
    if (response.statusCode !== 200 || !info.success) {
      // A headless Sunspill explains its refusals (421: asked by a name it does not answer to).
      const sentence = response.statusCode !== 200 ? errorSentence(body) : null
      return {
        ok: false,
        message: sentence
          ? `${host} refused the request (HTTP ${response.statusCode}): ${sentence}`
          : `${host} answered, but not as a headless Sunspill does (HTTP ${response.statusCode}). Check the address and port.`,
        fingerprint,
        needsPin: false,
      }
    }
    if (info.data.runtime !== 'headless') {
      return { ok: false, message: `${host} is a Sunspill desktop app, not a headless server: run \`npm run serve\` there.`, fingerprint, needsPin: false }
    }
    const plain = https ? '' : ' The connection is not encrypted: anyone on the network can read the token. Prefer https with --tls-cert.'
    return { ok: true, message: `Connected to ${host}: Sunspill ${info.data.appVersion}, headless.${plain}`, fingerprint, needsPin: false }
  } catch (error) {
    const certificate = findCause(error, CertificateNotPinnedError)
    const { message } = describeFailure(host, error)
    return { ok: false, message, fingerprint: certificate?.presented ?? null, needsPin: certificate !== null }
  } finally {
    await agent.destroy().catch(() => undefined)
  }
}
