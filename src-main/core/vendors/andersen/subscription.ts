/**
 * Keeps the deviceStatusUpdated subscription up: probes which protocol the server speaks (once,
 * again only if the server later refuses it), connects with a fresh token, renews the token once
 * when the server refuses it, and reconnects with jittered exponential backoff. `connected` tells
 * the adapter whether pushed status can be trusted or it must poll.
 */
import type { Logger } from '../../host'
import { backoffDelayMs, type BackoffPolicy } from '../shared/backoff'
import type { TokenSource } from './auth'
import { DEVICE_STATUS_SUBSCRIPTION, DeviceStatusUpdated } from './operations'
import type { DeviceStatus } from './schemas'
import { openSession, probeProtocol, type WsProtocol, type WsSession } from './ws-session'

export const subscriptionBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000, attempts: Number.POSITIVE_INFINITY }

export interface DeviceStatusStreamOptions {
  url: string
  deviceId: string
  tokens: TokenSource
  logger: Logger
  onStatus(status: DeviceStatus): void
  onConnectionChange?(connected: boolean): void
  /** Forces a protocol instead of asking the server. */
  protocol?: WsProtocol
  random?: () => number
  backoff?: BackoffPolicy
  /** Floor under the jittered delay, so a zero jitter never spins. */
  minDelayMs?: number
}

export class DeviceStatusStream {
  private running: Promise<void> | null = null
  private stopped = false
  private session: WsSession | null = null
  private wakeUp: (() => void) | null = null
  private isConnected = false
  private chosen: WsProtocol | null

  constructor(private readonly options: DeviceStatusStreamOptions) {
    this.chosen = options.protocol ?? null
  }

  /** Acknowledged by the server and not dropped since. */
  get connected(): boolean {
    return this.isConnected
  }

  get protocol(): WsProtocol | null {
    return this.chosen
  }

  start(): void {
    this.running ??= this.run()
  }

  async close(): Promise<void> {
    this.stopped = true
    this.session?.close()
    this.wakeUp?.()
    await this.running
  }

  private setConnected(connected: boolean) {
    if (this.isConnected === connected) return
    this.isConnected = connected
    this.options.onConnectionChange?.(connected)
  }

  private async run(): Promise<void> {
    const { tokens, logger, url, deviceId } = this.options
    let attempt = 0
    // One immediate renewal per refusal streak: a server that refuses every token gets backoff.
    let justRenewed = false
    while (!this.stopped) {
      let token: string
      let protocol: WsProtocol
      try {
        token = await tokens.idToken()
        protocol = this.chosen ?? (this.chosen = await probeProtocol(url))
      } catch (error) {
        logger.warn('Andersen live updates cannot connect', { error: error instanceof Error ? error.message : String(error) })
        await this.pause(attempt++)
        continue
      }
      if (this.stopped) break

      let session: WsSession
      try {
        session = openSession(protocol, {
          url,
          token,
          query: DEVICE_STATUS_SUBSCRIPTION,
          operationName: 'deviceStatusUpdated',
          variables: { id: deviceId },
          onAck: () => this.setConnected(true),
          onData: (data) => this.deliver(data),
        })
      } catch (error) {
        // Only a malformed address throws here; it will not get better, but the loop must not die.
        logger.warn('Andersen live updates cannot open a socket', { error: error instanceof Error ? error.message : String(error) })
        await this.pause(attempt++)
        continue
      }
      this.session = session
      const end = await session.ended
      this.session = null
      this.setConnected(false)
      if (this.stopped) break

      if (end.acked) {
        attempt = 0
        justRenewed = false
      }
      if (end.protocolRefused && !this.options.protocol) this.chosen = null
      if (end.authRejected && !justRenewed) {
        justRenewed = true
        try {
          await tokens.renew(token)
          continue
        } catch (error) {
          logger.warn('Andersen live updates: signing in again failed', { error: error instanceof Error ? error.message : String(error) })
        }
      }
      logger.info('Andersen live updates disconnected', { reason: end.reason, protocol })
      await this.pause(attempt++)
    }
  }

  private deliver(data: unknown) {
    const parsed = DeviceStatusUpdated.safeParse(data)
    if (!parsed.success) {
      this.options.logger.warn('Andersen sent a status update Sunspill does not understand; ignored')
      return
    }
    if (parsed.data.deviceStatusUpdated) this.options.onStatus(parsed.data.deviceStatusUpdated)
  }

  private pause(attempt: number): Promise<void> {
    if (this.stopped) return Promise.resolve()
    const policy = this.options.backoff ?? subscriptionBackoff
    const delay = Math.max(this.options.minDelayMs ?? 500, backoffDelayMs(Math.min(attempt, 30), policy, this.options.random))
    return new Promise((resolve) => {
      const timer = setTimeout(done, delay)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeUp = () => {
        this.wakeUp = null
        done()
      }
    })
  }
}
