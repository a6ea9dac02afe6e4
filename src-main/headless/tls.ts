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
  /** When the certificate stops being valid, for a warning before it does. */
  validTo: string
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
  return { cert, key, fingerprint: x509.fingerprint256, validTo: x509.validTo }
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
