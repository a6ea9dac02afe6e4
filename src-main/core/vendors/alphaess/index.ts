/**
 * The AlphaESS account driver (Open API: AppID + AppSecret; the old username/password login is
 * shut down and deliberately absent), and the account actions for binding a system to the AppID.
 */
import type { AccountChoice, AccountTestResult } from '../../../../src-shared/model'
import type { AlphaessAccount } from '../../../../src-shared/settings'
import { userMessage, VendorError } from '../../errors'
import type { AccountDevices, AccountDriver, DriverDeps, Secrets } from '../driver'
import type { AccountActionRunner } from '../registry'
import type { BackoffPolicy, Sleep } from '../shared/backoff'
import { createAlphaessSystem, type AlphaessTiming } from './adapter'
import { AlphaessClient } from './client'
import { errorForCode } from './codes'
import { alphaessInsights, type AlphaessInsights } from './insights'
import type { PacingOptions } from './pacing'
import type { EssSystem, EvChargerConfig } from './schemas'

export { AlphaessClient } from './client'
export { createAlphaessSystem } from './adapter'

/** Knobs for tests and the simulated home: how to wait, how hard to retry, how often to poll. */
export interface AlphaessTuning {
  sleep?: Sleep
  backoff?: BackoffPolicy
  pacing?: Partial<PacingOptions>
  timing?: Partial<AlphaessTiming>
  timeoutMs?: number
}

export interface AlphaessActions {
  /** AlphaESS e-mails a verification code to the system's owner. */
  requestCode(sysSn: string, checkCode: string): Promise<string>
  bind(sysSn: string, code: string): Promise<string>
  unbind(sysSn: string): Promise<string>
}

const NO_SECRET = 'Enter the AppSecret from open.alphaess.com → Developer information.'
const PICK_SYSTEM = 'Pick a system: press Test on the AlphaESS account and choose the inverter Sunspill should read and control.'
const NO_SYSTEMS =
  "The AppID and AppSecret work, but no system is bound to this AppID yet. Bind one: Request code with the serial number and the check code from the inverter's label, then Bind with the code AlphaESS e-mails to the owner."

function clientFor(account: AlphaessAccount, secrets: Secrets, deps: DriverDeps, tuning: AlphaessTuning): AlphaessClient {
  const raw = secrets.appSecret ?? ''
  const appSecret = raw.trim()
  if (raw) deps.logger.redact(raw)
  if (appSecret && appSecret !== raw) deps.logger.redact(appSecret)
  if (!appSecret) throw new VendorError('config', NO_SECRET)
  return new AlphaessClient({
    appId: account.appId,
    appSecret,
    baseUrl: account.baseUrl,
    clock: deps.clock,
    logger: deps.logger,
    random: deps.random,
    sleep: tuning.sleep,
    backoff: tuning.backoff,
    pacing: tuning.pacing,
    timeoutMs: tuning.timeoutMs,
  })
}

function formatNumber(value: number): string {
  return String(Math.round(value * 10) / 10)
}

export function systemChoice(system: EssSystem): AccountChoice {
  const parts = [
    system.cobat === null ? null : `${formatNumber(system.cobat)} kWh battery`,
    system.popv === null ? null : `${formatNumber(system.popv)} kW PV`,
    system.emsStatus,
  ].filter((part): part is string => !!part)
  return {
    id: system.sysSn,
    label: system.minv ? `${system.minv} · ${system.sysSn}` : system.sysSn,
    detail: parts.length > 0 ? parts.join(', ') : null,
  }
}

function requireSystem(account: AlphaessAccount): string {
  if (!account.systemSn) throw new VendorError('config', PICK_SYSTEM)
  return account.systemSn
}

async function testAccount(account: AlphaessAccount, secrets: Secrets, deps: DriverDeps, tuning: AlphaessTuning): Promise<AccountTestResult> {
  let client: AlphaessClient | null = null
  try {
    client = clientFor(account, secrets, deps, tuning)
    const systems = await client.getEssList()
    const choices = systems.map(systemChoice)
    if (systems.length === 0) return { ok: true, message: NO_SYSTEMS, choices }
    const picked = account.systemSn ? systems.find((s) => s.sysSn === account.systemSn) : undefined
    if (account.systemSn && !picked) {
      const unbound = errorForCode({ code: 6005, msg: null, expMsg: null }, { endpoint: 'getEssList', appId: client.appId, sysSn: account.systemSn })
      return { ok: false, message: unbound.message, choices }
    }
    if (picked) return { ok: true, message: `Connected to AlphaESS: ${systemChoice(picked).label} is bound to this AppID.`, choices }
    const count = systems.length === 1 ? '1 system is' : `${systems.length} systems are`
    return { ok: true, message: `Connected to AlphaESS: ${count} bound to this AppID. Pick the one Sunspill should read and control.`, choices }
  } catch (error) {
    return { ok: false, message: userMessage(error, 'AlphaESS'), choices: [] }
  } finally {
    await client?.close().catch(() => undefined)
  }
}

/**
 * The system's devices, including its charging piles (one getEvChargerConfigList to find them).
 * A broken account (auth, clock, not bound) fails here; an unanswered pile list does not keep the
 * meter and battery from working.
 */
async function loadDevices(account: AlphaessAccount, secrets: Secrets, deps: DriverDeps, tuning: AlphaessTuning): Promise<AccountDevices> {
  const sysSn = requireSystem(account)
  const client = clientFor(account, secrets, deps, tuning)
  let piles: EvChargerConfig[] = []
  try {
    piles = await client.getEvChargerConfigList(sysSn)
  } catch (error) {
    const broken = error instanceof VendorError && (error.kind === 'auth' || error.kind === 'clock' || error.kind === 'config')
    if (broken) {
      await client.close().catch(() => undefined)
      throw error
    }
    // Offline or refused: the piles appear when the devices are next built.
    deps.logger.warn('AlphaESS: could not list the charging piles', { error: userMessage(error, 'AlphaESS') })
  }
  return createAlphaessSystem({
    accountId: account.id,
    sysSn,
    client,
    clock: deps.clock,
    logger: deps.logger,
    piles,
    timing: tuning.timing,
  })
}

export function createAlphaessDriver(tuning: AlphaessTuning = {}): AccountDriver<AlphaessAccount> {
  return {
    kind: 'alphaess',
    test: (account, secrets, deps) => testAccount(account, secrets, deps, tuning),
    devices: (account, secrets, deps) => loadDevices(account, secrets, deps, tuning),
  }
}

export const alphaessDriver: AccountDriver<AlphaessAccount> = createAlphaessDriver()

export function alphaessActions(account: AlphaessAccount, secrets: Secrets, deps: DriverDeps, tuning: AlphaessTuning = {}): AlphaessActions {
  const run = async (action: (client: AlphaessClient) => Promise<string>): Promise<string> => {
    const client = clientFor(account, secrets, deps, tuning)
    try {
      return await action(client)
    } finally {
      await client.close().catch(() => undefined)
    }
  }
  return {
    requestCode: (sysSn, checkCode) =>
      run(async (client) => {
        await client.getVerificationCode(sysSn.trim(), checkCode.trim())
        return `AlphaESS has e-mailed a verification code to the owner of system ${sysSn.trim()}. Enter that code and press Bind.`
      }),
    bind: (sysSn, code) =>
      run(async (client) => {
        const { alreadyBound } = await client.bindSn(sysSn.trim(), code.trim())
        return alreadyBound
          ? `System ${sysSn.trim()} was already bound to this AppID. Press Test to pick it.`
          : `System ${sysSn.trim()} is now bound to this AppID. Press Test to pick it.`
      }),
    unbind: (sysSn) =>
      run(async (client) => {
        await client.unBindSn(sysSn.trim())
        return `System ${sysSn.trim()} is no longer bound to this AppID; Sunspill can no longer read or control it.`
      }),
  }
}

/**
 * Runs the account page's reads on a client of their own, closed when they are done. They share
 * the AppID's pacing with the running system, so they never make AlphaESS answer "too fast".
 */
export async function readAlphaessInsights<T>(
  account: AlphaessAccount,
  secrets: Secrets,
  deps: DriverDeps,
  read: (insights: AlphaessInsights) => Promise<T>,
  tuning: AlphaessTuning = {},
): Promise<T> {
  const sysSn = requireSystem(account)
  const client = clientFor(account, secrets, deps, tuning)
  try {
    return await read(alphaessInsights(client, sysSn))
  } finally {
    await client.close().catch(() => undefined)
  }
}

/** The three AlphaESS account actions in the shape the registry's accountActions expects. */
export const runAlphaessAction: AccountActionRunner = (account, secrets, deps, request) => {
  if (account.kind !== 'alphaess') return Promise.reject(new VendorError('config', 'This action is for AlphaESS accounts.'))
  const actions = alphaessActions(account, secrets, deps)
  switch (request.action) {
    case 'alphaess.requestCode':
      return actions.requestCode(request.sysSn, request.checkCode)
    case 'alphaess.bind':
      return actions.bind(request.sysSn, request.code)
    case 'alphaess.unbind':
      return actions.unbind(request.sysSn)
    default:
      return Promise.reject(new VendorError('config', 'AlphaESS does not offer that action.'))
  }
}
