/**
 * The certificate and key of `--tls-cert` / `--tls-key`, read and checked before the server
 * starts, so a wrong file is a sentence on the console rather than a TLS error in the tray app.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { UsageError } from './options'

export interface TlsFiles {
  cert: Buffer
  key: Buffer
  /** SHA-256 of the certificate, as the tray app shows it for pinning. */
  fingerprint: string
  /** When the certificate stops being valid, as openssl prints it; see expiryWarning. */
  validTo: string
  validToMs: number
}

/** How long before the certificate expires the server starts warning at each start. */
export const EXPIRY_WARNING_DAYS = 30
const DAY_MS = 86_400_000

/**
 * A sentence when the certificate has expired or expires within EXPIRY_WARNING_DAYS, else null.
 * A new certificate has a new fingerprint, so every tray app attached must pin it again.
 */
export function expiryWarning(tls: Pick<TlsFiles, 'validTo' | 'validToMs'>, nowMs: number): string | null {
  const leftMs = tls.validToMs - nowMs
  if (!Number.isFinite(leftMs) || leftMs > EXPIRY_WARNING_DAYS * DAY_MS) return null
  const renew = 'Make a new one (see "Remote mode" in the README) and pin its fingerprint again in each tray app.'
  if (leftMs <= 0) return `WARNING: the TLS certificate expired on ${tls.validTo}. Browsers warn about it. ${renew}`
  const days = Math.ceil(leftMs / DAY_MS)
  return `WARNING: the TLS certificate expires on ${tls.validTo}, in ${days} day${days === 1 ? '' : 's'}. ${renew}`
}

export function loadTls(certFile: string, keyFile: string): TlsFiles {
  const cert = readOrExplain(certFile, '--tls-cert')
  const key = readOrExplain(keyFile, '--tls-key')
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch {
    throw new UsageError(`--tls-cert ${certFile} is not a PEM certificate (it should start with -----BEGIN CERTIFICATE-----).`)
  }
  let matches: boolean
  try {
    matches = x509.checkPrivateKey(createPrivateKey(key))
  } catch {
    throw new UsageError(`--tls-key ${keyFile} is not a PEM private key, or it is protected by a passphrase (make it without one, e.g. openssl's -noenc).`)
  }
  if (!matches) throw new UsageError(`--tls-key ${keyFile} is not the private key of the certificate in ${certFile}.`)
  return { cert, key, fingerprint: x509.fingerprint256, validTo: x509.validTo, validToMs: Date.parse(x509.validTo) }
}

function readOrExplain(file: string, flag: string): Buffer {
  try {
    return readFileSync(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read by this user' : `cannot be read (${code ?? String(error)})`
    throw new UsageError(`${flag} ${file} ${why}.`)
  }
}
