/**
 * The Open API endpoints and their verbs. The server enforces the verb (a wrong one is a bare
 * HTTP 405), and two community sources have it wrong for getVerificationCode and bindSn, so the
 * verb lives in one table rather than at each call site.
 */
export type Verb = 'GET' | 'POST'

/** Writes are spaced further apart and read back; config writes are spaced further still. */
export type EndpointKind = 'read' | 'write' | 'config-write'

export const endpoints = {
  getEssList: { verb: 'GET', kind: 'read', what: 'the list of systems' },
  getLastPowerData: { verb: 'GET', kind: 'read', what: 'the live power data' },
  getOneDayPowerBySn: { verb: 'GET', kind: 'read', what: "the day's power history" },
  getOneDateEnergyBySn: { verb: 'GET', kind: 'read', what: "the day's energy totals" },
  getSumDataForCustomer: { verb: 'GET', kind: 'read', what: 'the system summary' },
  getChargeConfigInfo: { verb: 'GET', kind: 'read', what: "the battery's charge settings" },
  updateChargeConfigInfo: { verb: 'POST', kind: 'config-write', what: "the battery's charge settings" },
  getDisChargeConfigInfo: { verb: 'GET', kind: 'read', what: "the battery's discharge settings" },
  updateDisChargeConfigInfo: { verb: 'POST', kind: 'config-write', what: "the battery's discharge settings" },
  getTimeChargeBySn: { verb: 'GET', kind: 'read', what: 'the periodic charge/discharge schedule' },
  setTimeChargeBySn: { verb: 'POST', kind: 'config-write', what: 'the periodic charge/discharge schedule' },
  getVerificationCode: { verb: 'GET', kind: 'read', what: 'the verification code request' },
  bindSn: { verb: 'POST', kind: 'write', what: 'binding the system' },
  unBindSn: { verb: 'POST', kind: 'write', what: 'unbinding the system' },
  getEvChargerConfigList: { verb: 'GET', kind: 'read', what: 'the list of chargers' },
  getEvChargerCurrentsBySn: { verb: 'GET', kind: 'read', what: 'the charger current setting' },
  setEvChargerCurrentsBySn: { verb: 'POST', kind: 'write', what: 'the charger current setting' },
  getEvChargerStatusBySn: { verb: 'GET', kind: 'read', what: 'the charger status' },
  remoteControlEvCharger: { verb: 'POST', kind: 'write', what: 'the charger start/stop command' },
} as const satisfies Record<string, { verb: Verb; kind: EndpointKind; what: string }>

export type Endpoint = keyof typeof endpoints

export const ALPHAESS_DEFAULT_BASE_URL = 'https://openapi.alphaess.com/api'
