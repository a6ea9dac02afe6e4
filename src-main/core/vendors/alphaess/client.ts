/**
 * AlphaESS Open API client: one method per endpoint, named as AlphaESS names them, returning
 * their payloads parsed with zod. Every call is signed afresh, paced (./pacing.ts), retried with
 * jittered backoff when AlphaESS says "too fast", "offline" or has a hiccup, and fails with a
 * VendorError carrying a sentence the user can act on — never with a raw exception.
 */
import { Agent, request } from 'undici'
import type { z } from 'zod'
import type { Clock } from '../../clock'
import { VendorError } from '../../errors'
import type { Logger } from '../../host'
import { backoffDelayMs, realSleep, type BackoffPolicy, type Sleep } from '../shared/backoff'
import { hostOf, networkDetail, parseRetryAfter } from '../shared/http'
import { AlphaessThrottled, errorForCode, transientCodes } from './codes'
import { ALPHAESS_DEFAULT_BASE_URL, endpoints, type Endpoint } from './endpoints'
import { httpError, parseData, parseEnvelope } from './envelope'
import { defaultPacing, sharedPacer, type Pacer, type PacingOptions } from './pacing'
import {
  ChargeConfig,
  DayEnergy,
  DayPower,
  DischargeConfig,
  EssList,
  EvChargerConfigList,
  EvChargerCurrents,
  EvChargerStatus,
  LastPowerData,
  SumData,
  TimeCharge,
  WriteAck,
  type ChargeConfigWrite,
  type DischargeConfigWrite,
  type TimeChargeWrite,
} from './schemas'
import { signedHeaders } from './signing'

export interface AlphaessClientOptions {
  appId: string
  appSecret: string
  /** '' or undefined means the public endpoint. */
  baseUrl?: string
  clock: Clock
  logger: Logger
  random?: () => number
  sleep?: Sleep
  backoff?: BackoffPolicy
  pacing?: Partial<PacingOptions>
  /** Per request, for the headers and for the body. */
  timeoutMs?: number
}

/** Three tries in all: enough to ride out a 6053 or a blip without stalling the loop for long. */
export const alphaessBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000, attempts: 3 }

type Params = Record<string, string | number | object>

// Marks the errors worth another attempt, without widening VendorError for one vendor.
const transient = new WeakSet<VendorError>()
function retryable(error: VendorError): VendorError {
  transient.add(error)
  return error
}

// AlphaESS refusing for load rather than for this one call: the wait it named (Retry-After), or
// null when it named none. Left unanswered by the retries, these block the whole AppID.
const refusals = new WeakMap<VendorError, number | null>()
function refusal(error: VendorError, namedWaitMs: number | null): VendorError {
  refusals.set(error, namedWaitMs)
  return error
}

export class AlphaessClient {
  readonly baseUrl: string
  readonly appId: string
  private readonly appSecret: string
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly random: () => number
  private readonly sleep: Sleep
  private readonly backoff: BackoffPolicy
  private readonly timeoutMs: number
  private readonly pacer: Pacer
  private readonly agent: Agent
  /** 6017 means "this system may not use this endpoint": remembered, never asked again. */
  private readonly refused = new Map<string, VendorError>()

  constructor(options: AlphaessClientOptions) {
    this.baseUrl = (options.baseUrl?.trim() || ALPHAESS_DEFAULT_BASE_URL).replace(/\/+$/, '')
    this.appId = options.appId.trim()
    this.appSecret = options.appSecret.trim()
    this.clock = options.clock
    this.logger = options.logger
    this.random = options.random ?? Math.random
    this.sleep = options.sleep ?? realSleep
    this.backoff = options.backoff ?? alphaessBackoff
    this.timeoutMs = options.timeoutMs ?? 20_000
    this.pacer = sharedPacer(options.clock, `${this.baseUrl}|${this.appId}`, { ...defaultPacing, ...options.pacing })
    this.agent = new Agent({ keepAliveTimeout: 15_000, connect: { timeout: this.timeoutMs } })
  }

  /** Milliseconds a call to this endpoint would wait for its gap now. */
  waitMs(endpoint: Endpoint): number {
    return this.pacer.waitMs(endpoint)
  }

  async close(): Promise<void> {
    await this.agent.close()
  }

  // --- systems and binding ---

  getEssList() {
    return this.call('getEssList', null, {}, EssList)
  }

  /** Emails a verification code to the system's owner; checkCode is on the inverter's label. */
  async getVerificationCode(sysSn: string, checkCode: string): Promise<void> {
    await this.call('getVerificationCode', sysSn, { sysSn, checkCode }, WriteAck)
  }

  /** Resolves whether the system was already bound (6003 counts as success). */
  async bindSn(sysSn: string, code: string): Promise<{ alreadyBound: boolean }> {
    const { code: returned } = await this.callWithCode('bindSn', sysSn, { sysSn, code }, WriteAck, [6003])
    return { alreadyBound: returned === 6003 }
  }

  async unBindSn(sysSn: string): Promise<void> {
    await this.call('unBindSn', sysSn, { sysSn }, WriteAck)
  }

  // --- power and energy ---

  getLastPowerData(sysSn: string) {
    return this.call('getLastPowerData', sysSn, { sysSn }, LastPowerData)
  }

  /** queryDate is yyyy-MM-dd in the system's own calendar. */
  getOneDayPowerBySn(sysSn: string, queryDate: string) {
    return this.call('getOneDayPowerBySn', sysSn, { sysSn, queryDate }, DayPower)
  }

  getOneDateEnergyBySn(sysSn: string, queryDate: string) {
    return this.call('getOneDateEnergyBySn', sysSn, { sysSn, queryDate }, DayEnergy)
  }

  getSumDataForCustomer(sysSn: string) {
    return this.call('getSumDataForCustomer', sysSn, { sysSn }, SumData)
  }

  // --- battery configuration (full replacement writes) ---

  getChargeConfigInfo(sysSn: string) {
    return this.call('getChargeConfigInfo', sysSn, { sysSn }, ChargeConfig)
  }

  async updateChargeConfigInfo(sysSn: string, config: ChargeConfigWrite): Promise<void> {
    await this.call('updateChargeConfigInfo', sysSn, { sysSn, ...config }, WriteAck)
  }

  getDisChargeConfigInfo(sysSn: string) {
    return this.call('getDisChargeConfigInfo', sysSn, { sysSn }, DischargeConfig)
  }

  async updateDisChargeConfigInfo(sysSn: string, config: DischargeConfigWrite): Promise<void> {
    await this.call('updateDisChargeConfigInfo', sysSn, { sysSn, ...config }, WriteAck)
  }

  /** Often refused with 6017 (not entitled); that answer is remembered. */
  getTimeChargeBySn(sysSn: string) {
    return this.call('getTimeChargeBySn', sysSn, { sysSn }, TimeCharge)
  }

  async setTimeChargeBySn(sysSn: string, schedule: TimeChargeWrite): Promise<void> {
    await this.call('setTimeChargeBySn', sysSn, { sysSn, ...schedule }, WriteAck)
  }

  // --- EV charger (charging pile) ---

  getEvChargerConfigList(sysSn: string) {
    return this.call('getEvChargerConfigList', sysSn, { sysSn }, EvChargerConfigList)
  }

  /** One current setting (A) for the whole system, shared by its piles. */
  getEvChargerCurrentsBySn(sysSn: string) {
    return this.call('getEvChargerCurrentsBySn', sysSn, { sysSn }, EvChargerCurrents)
  }

  async setEvChargerCurrentsBySn(sysSn: string, currentsetting: number): Promise<void> {
    await this.call('setEvChargerCurrentsBySn', sysSn, { sysSn, currentsetting }, WriteAck)
  }

  getEvChargerStatusBySn(sysSn: string, evchargerSn: string) {
    return this.call('getEvChargerStatusBySn', sysSn, { sysSn, evchargerSn }, EvChargerStatus)
  }

  /** controlMode 1 starts charging, 0 stops. */
  async remoteControlEvCharger(sysSn: string, evchargerSn: string, controlMode: 0 | 1): Promise<void> {
    await this.call('remoteControlEvCharger', sysSn, { sysSn, evchargerSn, controlMode }, WriteAck)
  }

  // --- transport ---

  private async call<S extends z.ZodType>(endpoint: Endpoint, sysSn: string | null, params: Params, schema: S): Promise<z.output<S>> {
    return (await this.callWithCode(endpoint, sysSn, params, schema, [])).data
  }

  private async callWithCode<S extends z.ZodType>(
    endpoint: Endpoint,
    sysSn: string | null,
    params: Params,
    schema: S,
    alsoSuccess: number[],
  ): Promise<{ code: number; data: z.output<S> }> {
    const refusedKey = `${endpoint}|${sysSn ?? ''}`
    const refused = this.refused.get(refusedKey)
    if (refused) throw refused
    let mayWaitBlockMs = 0
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.pacer.run(endpoint, this.sleep, () => this.send(endpoint, sysSn, params, schema, alsoSuccess), mayWaitBlockMs)
        this.pacer.succeeded()
        return answer
      } catch (error) {
        if (!(error instanceof VendorError)) throw error
        if (error.kind === 'not-supported') this.refused.set(refusedKey, error)
        // Blocked before sending: asking again inside this call would only be blocked again.
        if (error instanceof AlphaessThrottled) throw error
        const lastTry = attempt + 1 >= this.backoff.attempts
        if (refusals.has(error)) {
          const namedWaitMs = refusals.get(error) ?? null
          // A wait short enough to sit out is sat out by this call; a long one fails it now.
          if (namedWaitMs !== null && namedWaitMs <= this.backoff.maxMs && !lastTry) {
            mayWaitBlockMs = this.backoff.maxMs
            this.logger.warn(`AlphaESS ${endpoint} refused for load; waiting as asked`, { attempt: attempt + 1, waitMs: namedWaitMs })
            continue
          }
          if (namedWaitMs !== null || lastTry) {
            const waitMs = this.pacer.throttled(namedWaitMs)
            this.logger.warn(`AlphaESS asked Sunspill to slow down; holding off`, { endpoint, waitMs })
            throw new AlphaessThrottled(waitMs)
          }
        }
        if (!transient.has(error) || lastTry) throw error
        const delayMs = backoffDelayMs(attempt, this.backoff, this.random)
        this.logger.warn(`AlphaESS ${endpoint} failed; trying again`, { kind: error.kind, attempt: attempt + 1, delayMs })
        await this.sleep(delayMs)
      }
    }
  }

  private async send<S extends z.ZodType>(
    endpoint: Endpoint,
    sysSn: string | null,
    params: Params,
    schema: S,
    alsoSuccess: number[],
  ): Promise<{ code: number; data: z.output<S> }> {
    const { verb } = endpoints[endpoint]
    const headers = signedHeaders(this.appId, this.appSecret, this.clock.now())
    let url = `${this.baseUrl}/${endpoint}`
    if (verb === 'GET' && Object.keys(params).length > 0)
      url += `?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`

    let statusCode: number
    let body: string
    let retryAfterMs: number | null
    try {
      const response = await request(url, {
        method: verb,
        headers,
        body: verb === 'POST' ? JSON.stringify(params) : undefined,
        dispatcher: this.agent,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      })
      statusCode = response.statusCode
      body = await response.body.text()
      retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.clock.now())
    } catch (error) {
      throw retryable(this.unreachable(error))
    }

    if (statusCode === 429) {
      // Block at once, so calls already queued behind this one do not go out meanwhile.
      if (retryAfterMs !== null) this.pacer.block(retryAfterMs)
      throw retryable(refusal(httpError(endpoint, statusCode, this.baseUrl), retryAfterMs))
    }
    if (statusCode !== 200) {
      const error = httpError(endpoint, statusCode, this.baseUrl)
      throw statusCode >= 500 ? retryable(error) : error
    }
    const envelope = parseEnvelope(endpoint, body)
    if (envelope.code !== 200 && !alsoSuccess.includes(envelope.code)) {
      const error = errorForCode(envelope, { endpoint, appId: this.appId, sysSn })
      // A read's 6053 is load; a write's is the write limit, which says nothing about reads.
      if (envelope.code === 6053 && endpoints[endpoint].kind === 'read') refusal(error, null)
      throw transientCodes.has(envelope.code) ? retryable(error) : error
    }
    return { code: envelope.code, data: parseData(endpoint, schema, envelope.data) }
  }

  private unreachable(error: unknown): VendorError {
    return new VendorError(
      'offline',
      `Could not reach AlphaESS at ${hostOf(this.baseUrl)} (${networkDetail(error)}). Check the internet connection; Sunspill keeps trying.`,
    )
  }
}
