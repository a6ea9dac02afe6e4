/**
 * Remembers a read for a few seconds: the settings page reads every field at once, and three solar
 * fields should cost one getSolar, not three.
 */
export interface Cached<T> {
  (): Promise<T>
  invalidate(): void
}

export function cachedFor<T>(ttlMs: number, now: () => number, read: () => Promise<T>): Cached<T> {
  let entry: { atMs: number; value: Promise<T> } | null = null
  const cached = (() => {
    const nowMs = now()
    if (entry && nowMs - entry.atMs < ttlMs) return entry.value
    const value = read()
    entry = { atMs: nowMs, value }
    // A failure is not remembered: the next caller asks again.
    value.catch(() => {
      if (entry?.value === value) entry = null
    })
    return value
  }) as Cached<T>
  cached.invalidate = () => {
    entry = null
  }
  return cached
}
