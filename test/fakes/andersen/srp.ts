/**
 * The server half of Cognito's SRP-6a, written from the protocol rather than from any client, so
 * a login that passes here proves our client computes what Cognito computes: the 3072-bit group
 * (RFC 5054/3526) with g = 2, k = H(N | g), x = H(salt | H(poolName | username | ":" | password)),
 * u = H(A | B), the session key from HKDF-SHA256 with info "Caldera Derived Key" (16 bytes), and
 * the claim HMAC(key, poolName | username | secretBlock | timestamp). Numbers are hashed in
 * Cognito's "padHex" form: even-length hex, with a 00 byte in front when the top bit is set.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF'

export const N = BigInt(`0x${N_HEX}`)
export const g = 2n

export function padHex(value: bigint): string {
  let hex = value.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  if (/^[89a-f]/i.test(hex)) hex = `00${hex}`
  return hex
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest()
const hexHash = (hex: string) => sha256(Buffer.from(hex, 'hex')).toString('hex')
const toBig = (hex: string) => BigInt(`0x${hex}`)

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = ((base % modulus) + modulus) % modulus
  let e = exponent
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
    e >>= 1n
  }
  return result
}

export const k = toBig(hexHash(padHex(N) + padHex(g)))

/** What the pool stores for a user instead of the password. */
export interface Verifier {
  saltHex: string
  verifier: bigint
}

export function makeVerifier(poolName: string, username: string, password: string): Verifier {
  const salt = toBig(randomBytes(16).toString('hex'))
  const saltHex = padHex(salt)
  const inner = sha256(`${poolName}${username}:${password}`).toString('hex')
  const x = toBig(hexHash(saltHex + inner))
  return { saltHex, verifier: modPow(g, x, N) }
}

/** HKDF-SHA256, first block only: Cognito takes 16 bytes of it. */
export function calderaKey(ikm: Buffer, salt: Buffer): Buffer {
  const prk = createHmac('sha256', salt).update(ikm).digest()
  return createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('Caldera Derived Key', 'utf8'), Buffer.from([1])]))
    .digest()
    .subarray(0, 16)
}

export class SrpServerSession {
  readonly B: bigint
  private readonly b: bigint

  constructor(
    private readonly stored: Verifier,
    readonly A: bigint,
  ) {
    if (A % N === 0n) throw new Error('SRP_A mod N is zero')
    // 256 random bits: plenty for a test server, and a third of the work of Cognito's size.
    this.b = toBig(randomBytes(32).toString('hex'))
    this.B = (k * stored.verifier + modPow(g, this.b, N)) % N
  }

  /** The key both sides derive; only a client that knew the password gets the same one. */
  key(): Buffer {
    const u = toBig(hexHash(padHex(this.A) + padHex(this.B)))
    if (u === 0n) throw new Error('u is zero')
    const S = modPow((this.A * modPow(this.stored.verifier, u, N)) % N, this.b, N)
    return calderaKey(Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'))
  }

  /** Checks PASSWORD_CLAIM_SIGNATURE for the given secret block and timestamp. */
  verifyClaim(poolName: string, username: string, secretBlockB64: string, timestamp: string, signatureB64: string): boolean {
    const expected = createHmac('sha256', this.key())
      .update(Buffer.concat([Buffer.from(poolName, 'utf8'), Buffer.from(username, 'utf8'), Buffer.from(secretBlockB64, 'base64'), Buffer.from(timestamp, 'utf8')]))
      .digest()
    const given = Buffer.from(signatureB64, 'base64')
    return given.length === expected.length && expected.equals(given)
  }
}
