/** How long Sunspill waits, as the sentence says it: "45 s", or "5 min" from 90 s on (rounded up). */
export function waitPhrase(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000))
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`
}
