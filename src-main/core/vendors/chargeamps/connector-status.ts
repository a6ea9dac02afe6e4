/**
 * Connector status vocabulary. The spec leaves it open; hass-chargeamps maps both the words and
 * the numeric codes, whose meaning depends on the protocol the charger speaks (CAPI when
 * `ocppVersion` is null, OCPP 1.6 otherwise), so the API may send either.
 */

const CAPI_CODES = ['Available', 'Charging', 'Connected', 'Error', 'Unknown'] as const
const OCPP_CODES = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Unknown',
] as const

export type ConnectorState = (typeof CAPI_CODES)[number] | (typeof OCPP_CODES)[number]

const KNOWN = new Map<string, ConnectorState>([...CAPI_CODES, ...OCPP_CODES].map((word) => [word.toLowerCase(), word]))

/** A car is plugged in (hass-chargeamps binary_sensor's set). */
const PLUGGED_IN = new Set<ConnectorState>(['Preparing', 'Charging', 'Connected', 'SuspendedEVSE', 'SuspendedEV', 'Finishing'])

export type Protocol = 'capi' | 'ocpp'

export function protocolOf(ocppVersion: string | null | undefined): Protocol {
  return ocppVersion ? 'ocpp' : 'capi'
}

/** The status word for a raw value: "Charging", "2" and 2 all read the same on OCPP. */
export function connectorState(raw: string | number | null | undefined, protocol: Protocol): ConnectorState {
  if (raw === null || raw === undefined) return 'Unknown'
  const text = String(raw).trim()
  if (/^\d+$/.test(text)) {
    const codes: readonly ConnectorState[] = protocol === 'ocpp' ? OCPP_CODES : CAPI_CODES
    return codes[Number(text)] ?? 'Unknown'
  }
  return KNOWN.get(text.toLowerCase()) ?? 'Unknown'
}

export function isPluggedIn(state: ConnectorState): boolean {
  return PLUGGED_IN.has(state)
}

/** The car stopped taking energy on its own (ioBroker reads this as "car full"). */
export function isCarDone(state: ConnectorState): boolean {
  return state === 'SuspendedEV'
}

/** Words for the settings page; unknown raw words are shown as sent rather than hidden. */
export function describeStatus(raw: string | number | null | undefined, protocol: Protocol): string {
  const state = connectorState(raw, protocol)
  if (state === 'Unknown' && raw !== null && raw !== undefined && !/^\d+$/.test(String(raw).trim())) return String(raw)
  return state
}
