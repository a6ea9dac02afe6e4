/**
 * Seeded hash noise. The demo home must give the same reading for the same seed and time however
 * often and in whatever order it is read, so every "random" value is a pure hash of its inputs
 * rather than a draw from a stateful generator.
 */

const TWO_POW_32 = 0x1_0000_0000

/** FNV-1a: turns names (account ids, stream names) into 32-bit seeds. */
export function seedFromText(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Gives each kind of randomness its own stream so that, say, clouds and kettles never correlate. */
export const streamId = seedFromText

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, 0xcc9e2d51)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, 0x1b873593)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

/** 32-bit hash of integer keys. Keys may exceed 32 bits (epoch ms), so both halves are mixed in. */
export function hashKeys(seed: number, ...keys: number[]): number {
  let h = seed | 0
  for (const key of keys) {
    const whole = Math.floor(key)
    h = mixWord(h, whole >>> 0)
    h = mixWord(h, Math.floor(whole / TWO_POW_32) | 0)
  }
  h ^= keys.length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Uniform in [0, 1). */
export function unitNoise(seed: number, ...keys: number[]): number {
  return hashKeys(seed, ...keys) / TWO_POW_32
}

/** Uniform in [min, max). */
export function rangeNoise(min: number, max: number, seed: number, ...keys: number[]): number {
  return min + (max - min) * unitNoise(seed, ...keys)
}

/**
 * Value noise in [0, 1) that drifts smoothly over time: knots every periodMs, eased between them,
 * so base loads and voltages wander instead of jumping at every read.
 */
export function smoothNoise(seed: number, stream: number, timeMs: number, periodMs: number): number {
  const position = timeMs / periodMs
  const knot = Math.floor(position)
  const fraction = position - knot
  const eased = (1 - Math.cos(Math.PI * fraction)) / 2
  const a = unitNoise(seed, stream, knot)
  const b = unitNoise(seed, stream, knot + 1)
  return a + (b - a) * eased
}
