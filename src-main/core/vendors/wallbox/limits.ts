/**
 * Wallbox's request limits, per account: announced as 3 GET and 5 other requests a minute, observed
 * nearer 1 GET a minute. The control loop reads the status at most once a minute and keeps some
 * writes back so the user's own clicks (lock, restart, a field) still go through.
 */
import { MINUTE_MS } from '../../time/durations'
import { EndpointSpacing, RequestBudget } from '../shared/budget'

export interface WallboxLimitOptions {
  readsPerMinute: number
  writesPerMinute: number
  /** The control loop's status poll, account-wide. */
  statusIntervalMs: number
  /** Writes per minute the control loop leaves for the user. */
  userWriteReserve: number
  /** Longest a user's request waits for budget or a Retry-After before it fails. */
  maxWaitMs: number
}

export const defaultLimits: WallboxLimitOptions = {
  readsPerMinute: 3,
  writesPerMinute: 5,
  statusIntervalMs: 60_000,
  userWriteReserve: 2,
  maxWaitMs: 60_000,
}

export class WallboxLimits {
  readonly reads: RequestBudget
  readonly writes: RequestBudget
  readonly status: EndpointSpacing
  /** Endpoints that have answered 2xx: a later 403 from one of them is throttling, not a lack of rights. */
  readonly worked = new Set<string>()

  constructor(
    readonly options: WallboxLimitOptions,
    now: () => number,
  ) {
    this.reads = new RequestBudget(options.readsPerMinute, MINUTE_MS, now)
    this.writes = new RequestBudget(options.writesPerMinute, MINUTE_MS, now)
    this.status = new EndpointSpacing(options.statusIntervalMs, now)
  }
}
