/**
 * Request pacing for one AppID. AlphaESS answers 6053 when an endpoint is called again within
 * about 10 s, and has limited setting writes far more strictly at times. So each endpoint's calls
 * queue behind each other and keep their gap, all writes queue together with their own gap, and
 * the charge/discharge config writes keep the 30 s per endpoint that current clients use. A
 * caller that asks too soon waits; nothing fails for being early.
 *
 * Gaps are measured from when the previous answer arrived, so the server (which sees the request
 * a little later than we send it) never sees two calls closer than the gap.
 *
 * When AlphaESS says to stop altogether (HTTP 429 with its Retry-After, or "too fast" that keeps
 * coming), the whole AppID is blocked: every call fails at once, without a request, until the time
 * is up. Waiting in line instead would pile up every poll of the wait behind one another.
 */
import type { Clock } from '../../clock'
import type { Sleep } from '../shared/backoff'
import { EndpointSpacing } from '../shared/budget'
import { AlphaessThrottled, MAX_THROTTLE_MS, RATE_LIMIT_RETRY_MS } from './codes'
import { endpoints, type Endpoint } from './endpoints'

export interface PacingOptions {
  /** Between two calls to the same endpoint. */
  endpointGapMs: number
  /** Between any two writes. */
  writeGapMs: number
  /** Between two writes of the same charge/discharge configuration endpoint. */
  configWriteGapMs: number
}

export const defaultPacing: PacingOptions = { endpointGapMs: 10_000, writeGapMs: 10_000, configWriteGapMs: 30_000 }

const WRITES = '(writes)'

export class Pacer {
  private readonly perEndpoint: EndpointSpacing
  private readonly betweenWrites: EndpointSpacing
  private readonly perConfigWrite: EndpointSpacing
  private readonly queues = new Map<string, Promise<unknown>>()
  private blockedUntilMs = Number.NEGATIVE_INFINITY
  /** Throttles in a row with no success between them: each unnamed wait doubles the last. */
  private throttleStreak = 0

  constructor(
    readonly options: PacingOptions,
    private readonly now: () => number,
  ) {
    this.perEndpoint = new EndpointSpacing(options.endpointGapMs, now)
    this.betweenWrites = new EndpointSpacing(options.writeGapMs, now)
    this.perConfigWrite = new EndpointSpacing(options.configWriteGapMs, now)
  }

  /** How long a call to this endpoint would wait now, ignoring calls already queued. */
  waitMs(endpoint: Endpoint): number {
    const kind = endpoints[endpoint].kind
    return Math.max(
      this.perEndpoint.waitMs(endpoint),
      kind === 'read' ? 0 : this.betweenWrites.waitMs(WRITES),
      kind === 'config-write' ? this.perConfigWrite.waitMs(endpoint) : 0,
    )
  }

  /** Milliseconds AlphaESS has told this AppID to keep quiet for; 0 when requests may go. */
  blockedForMs(): number {
    return Math.max(0, this.blockedUntilMs - this.now())
  }

  /** Nothing goes to this AppID for `ms`, whoever asks. */
  block(ms: number): void {
    this.blockedUntilMs = Math.max(this.blockedUntilMs, this.now() + ms)
  }

  /**
   * AlphaESS refused and the call gives up: block for the wait it named, or for one that doubles
   * with every refusal in a row (10 s, 20 s, … up to 15 min). Returns the wait.
   */
  throttled(namedWaitMs: number | null): number {
    const waitMs = namedWaitMs ?? Math.min(MAX_THROTTLE_MS, RATE_LIMIT_RETRY_MS * 2 ** Math.min(this.throttleStreak, 20))
    this.throttleStreak++
    this.block(waitMs)
    return waitMs
  }

  /** An answer came through: the next refusal starts the doubling again from the bottom. */
  succeeded(): void {
    this.throttleStreak = 0
  }

  /**
   * Runs `send` when its turn has come and the gaps have passed. While the AppID is blocked it
   * fails with AlphaessThrottled and sends nothing, unless the block ends within `mayWaitBlockMs`
   * (a retry riding out a short Retry-After), in which case it waits.
   */
  run<T>(endpoint: Endpoint, sleep: Sleep, send: () => Promise<T>, mayWaitBlockMs = 0): Promise<T> {
    const kind = endpoints[endpoint].kind
    const queue = kind === 'read' ? endpoint : WRITES
    const turn = (this.queues.get(queue) ?? Promise.resolve()).then(async () => {
      // Checked again after every sleep: another call may have been refused meanwhile.
      for (;;) {
        const blockedMs = this.blockedForMs()
        if (blockedMs > mayWaitBlockMs) throw new AlphaessThrottled(blockedMs)
        const waitMs = Math.max(blockedMs, this.waitMs(endpoint))
        if (waitMs <= 0) break
        await sleep(waitMs)
      }
      try {
        return await send()
      } finally {
        this.perEndpoint.record(endpoint)
        if (kind !== 'read') this.betweenWrites.record(WRITES)
        if (kind === 'config-write') this.perConfigWrite.record(endpoint)
      }
    })
    this.queues.set(
      queue,
      turn.catch(() => undefined),
    )
    return turn
  }
}

// Clients for the same AppID and address (the account's Test button, then its devices) share one
// pacer, so they do not trip each other's 6053. Keyed by clock: a simulated clock is its own world.
const shared = new WeakMap<Clock, Map<string, Pacer>>()

export function sharedPacer(clock: Clock, key: string, options: PacingOptions): Pacer {
  let byKey = shared.get(clock)
  if (!byKey) shared.set(clock, (byKey = new Map()))
  const fullKey = `${key}|${options.endpointGapMs}|${options.writeGapMs}|${options.configWriteGapMs}`
  let pacer = byKey.get(fullKey)
  if (!pacer) byKey.set(fullKey, (pacer = new Pacer(options, () => clock.now())))
  return pacer
}
