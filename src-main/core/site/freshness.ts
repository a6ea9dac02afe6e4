/**
 * Each source carries its own age. A reading counts as fresh for two update intervals (how often
 * the vendor's data changes, by default how often it is read), late up to five, stale after that;
 * offline means the last attempt failed and nothing recent is left.
 */
import type { Freshness, SourceStatus } from '../../../src-shared/model'

export class SourceTracker {
  private lastOkMs: number | null = null
  private lastError: string | null = null
  private lastFailed = false

  constructor(
    readonly id: string,
    /** Some vendors only learn a device's name on its first read, so the label may change. */
    public label: string,
    readonly pollMs: number,
    private readonly updateEveryMs: number = pollMs,
  ) {}

  /** When the last good data was measured. */
  get dataAtMs(): number | null {
    return this.lastOkMs
  }

  ok(nowMs: number): void {
    this.lastOkMs = nowMs
    this.lastError = null
    this.lastFailed = false
  }

  failed(message: string): void {
    this.lastError = message
    this.lastFailed = true
  }

  freshness(nowMs: number): Freshness {
    if (this.lastOkMs === null) return 'offline'
    const age = nowMs - this.lastOkMs
    if (age <= 2 * this.updateEveryMs) return 'fresh'
    if (age <= 5 * this.updateEveryMs) return 'late'
    return this.lastFailed ? 'offline' : 'stale'
  }

  status(nowMs: number): SourceStatus {
    return {
      id: this.id,
      label: this.label,
      freshness: this.freshness(nowMs),
      ageS: this.lastOkMs === null ? null : Math.max(0, Math.round((nowMs - this.lastOkMs) / 1000)),
      error: this.lastError,
    }
  }
}
