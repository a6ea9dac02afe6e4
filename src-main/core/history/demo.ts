/**
 * Which recorded numbers came from the demo home. Its devices are named after its account
 * (`demo:meter`, `demo-k3x9q2:charger`: core/demo/home.ts), so the sources of a tick say whether
 * its power, its car and its prices were simulated. The demo is used whole or not at all, except
 * its prices: a real retailer can feed the demo (core/site/compose.ts).
 */
import type { SiteState } from '../../../src-shared/model'
import { defaultDemoAccount, type Settings } from '../../../src-shared/settings'

/** The ids the Accounts page gives new demo homes (`demo-` and six characters), kept after the account is removed. */
const GENERATED_DEMO_ID = /^demo-[a-z0-9]{6}$/

export type DemoIds = ReadonlySet<string>

export function demoAccountIds(settings: Pick<Settings, 'accounts'>): DemoIds {
  return new Set([defaultDemoAccount.id, ...settings.accounts.filter((a) => a.kind === 'demo').map((a) => a.id)])
}

function demoAccountOf(deviceId: string, ids: DemoIds): boolean {
  const cut = deviceId.lastIndexOf(':')
  if (cut <= 0) return false
  const account = deviceId.slice(0, cut)
  return ids.has(account) || GENERATED_DEMO_ID.test(account)
}

/** A meter, battery or charger of a demo home (its tariff is asked about separately). */
export function isDemoDevice(deviceId: string, ids: DemoIds): boolean {
  return demoAccountOf(deviceId, ids) && !deviceId.endsWith(':tariff')
}

export function isDemoTariff(deviceId: string, ids: DemoIds): boolean {
  return demoAccountOf(deviceId, ids) && deviceId.endsWith(':tariff')
}

export interface TickOrigin {
  /** The power and the car's sessions are the demo home's. */
  demo: boolean
  /** The prices are the demo home's own. */
  demoPrices: boolean
}

export function tickOrigin(state: Pick<SiteState, 'sources'>, ids: DemoIds): TickOrigin {
  return {
    demo: state.sources.some((s) => isDemoDevice(s.id, ids)),
    demoPrices: state.sources.some((s) => isDemoTariff(s.id, ids)),
  }
}
