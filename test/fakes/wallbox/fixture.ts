/**
 * The charger every Wallbox fake starts with, for unit tests and Playwright alike: a Pulsar Plus
 * with a car plugged in and the session paused, so Sunspill has something to start.
 */
export const wallboxFakeFixture = {
  /** Each fake signs in as this with a +n tag (owner+1@…), unless a test names its own. */
  username: 'owner@example.com',
  password: 'fake-wallbox-password',
  userId: 286113,
  groupId: 289814,
  chargerId: '9988552',
  chargerName: 'PulsarPlus SN 9988552',
  /** 182: "Paused" with a car connected. */
  statusId: 182,
  maxAvailableCurrentA: 32,
  maxChargingCurrentA: 16,
  phases: 1 as 1 | 3,
  partNumber: 'PLP1-0-2-4-9-002-E',
  firmware: '5.17.59',
  serialNumber: '9988552',
  timeZone: 'Europe/Berlin',
  energyPricePerKwh: 0.24,
  currency: { id: 1, name: 'Euro Member Countries', symbol: '€', code: 'EUR' },
  icpMaxCurrentA: 25,
} as const
