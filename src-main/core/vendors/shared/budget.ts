/**
 * Request budgets for vendor clouds: a sliding window of recent requests, so a client can ask
 * "may I send one now?" and "when may I?", and keep some of the window for the user's own clicks.
 */
export class RequestBudget {
  private readonly sent: number[] = []
  private blockedUntilMs = 0

  constructor(
    /** Requests allowed per window. */
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** How many requests remain now. */
  remaining(): number {
    this.prune()
    if (this.now() < this.blockedUntilMs) return 0
    return Math.max(0, this.limit - this.sent.length)
  }

  /** True when a request may go now while keeping `reserve` requests back. */
  allows(reserve = 0): boolean {
    return this.remaining() > reserve
  }

  /** Milliseconds until a request may go while keeping `reserve` back; 0 when it may go now. */
  waitMs(reserve = 0): number {
    this.prune()
    const now = this.now()
    const blocked = Math.max(0, this.blockedUntilMs - now)
    const excess = this.sent.length - (this.limit - reserve - 1)
    if (excess <= 0) return blocked
    const freedAt = this.sent[excess - 1]! + this.windowMs
    return Math.max(blocked, freedAt - now)
  }

  record(): void {
    this.sent.push(this.now())
  }

  /** The server said stop (429, a "too fast" code): send nothing until then. */
  blockFor(ms: number): void {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, this.now() + ms)
  }

  /** The server told us what it still allows (e.g. RateLimit-Remaining); trust the lower figure. */
  syncRemaining(remaining: number, resetInMs: number): void {
    this.prune()
    const used = this.limit - remaining
    const now = this.now()
    while (this.sent.length < used) this.sent.unshift(now - this.windowMs + resetInMs)
  }

  private prune() {
    const cutoff = this.now() - this.windowMs
    while (this.sent.length > 0 && this.sent[0]! <= cutoff) this.sent.shift()
  }
}

/** Spaces calls to one endpoint at least `minGapMs` apart (AlphaESS: one per 10 s per endpoint). */
export class EndpointSpacing {
  private readonly last = new Map<string, number>()

  constructor(
    private readonly minGapMs: number,
    private readonly now: () => number,
  ) {}

  waitMs(endpoint: string): number {
    const last = this.last.get(endpoint)
    if (last === undefined) return 0
    return Math.max(0, last + this.minGapMs - this.now())
  }

  record(endpoint: string): void {
    this.last.set(endpoint, this.now())
  }
}
