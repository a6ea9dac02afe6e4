/**
 * One vendor read shared by everyone who needs it: callers in the same tick share one request
 * (the meter and the battery both come from getLastPowerData), and a value younger than its
 * maximum age is answered from memory instead of waiting out AlphaESS's 10 s gap.
 */
export class CachedRead<T> {
  private value: { value: T; atMs: number } | null = null
  private inflight: Promise<T> | null = null
  private failedAtMs: number | null = null
  /** Bumped by invalidate(), so an answer that was already on its way is not cached as new. */
  private generation = 0

  constructor(
    private readonly load: () => Promise<T>,
    private readonly now: () => number,
    private readonly maxAgeMs: number,
  ) {}

  get(maxAgeMs = this.maxAgeMs): Promise<T> {
    if (this.value && this.now() - this.value.atMs < maxAgeMs) return Promise.resolve(this.value.value)
    if (this.inflight) return this.inflight
    const generation = this.generation
    const loading = this.load().then(
      (value) => {
        if (generation === this.generation) this.set(value)
        return value
      },
      (error: unknown) => {
        this.failedAtMs = this.now()
        throw error
      },
    )
    this.inflight = loading
    const clear = () => {
      if (this.inflight === loading) this.inflight = null
    }
    loading.then(clear, clear)
    return loading
  }

  /**
   * For extras that must not fail a reading (capacity, SOC limits): the value, a stale one when
   * the read fails, or null. After a failure it waits retryMs before asking again.
   */
  async getOrNull(retryMs: number): Promise<T | null> {
    const fresh = this.value && this.now() - this.value.atMs < this.maxAgeMs
    if (!fresh && this.failedAtMs !== null && this.now() - this.failedAtMs < retryMs) return this.value?.value ?? null
    try {
      return await this.get()
    } catch {
      return this.value?.value ?? null
    }
  }

  /** The last value, however old. */
  peek(): T | null {
    return this.value?.value ?? null
  }

  set(value: T): void {
    this.value = { value, atMs: this.now() }
    this.failedAtMs = null
  }

  invalidate(): void {
    this.value = null
    this.inflight = null
    this.generation++
  }
}
