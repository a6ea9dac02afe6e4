/**
 * The fake's default home, shared by unit tests and Playwright: one Charge Amps charger with one
 * Type 2 connector, a car plugged in, on a three-phase 16 A installation.
 */
import { fakeChargePoint, fakeConnector, type FakeChargePoint } from './model'

export const CHARGE_AMPS_FIXTURE = {
  email: 'anna@example.com',
  password: 'fake-charge-amps-password',
  apiKey: 'fake-charge-amps-api-key',
  chargePointId: '2103001234',
  chargePointName: 'Garage',
  connectorId: 1,
  installationCurrentA: 16,
  phases: 3,
} as const

export function defaultChargePoints(): FakeChargePoint[] {
  const id = CHARGE_AMPS_FIXTURE.chargePointId
  return [
    fakeChargePoint({
      id,
      name: CHARGE_AMPS_FIXTURE.chargePointName,
      type: 'Dawn',
      ocppVersion: '1.6',
      installationCurrent: CHARGE_AMPS_FIXTURE.installationCurrentA,
      settings: { id, dimmer: 'Low', downLight: null, maxCurrent: null },
      connectors: [
        fakeConnector(id, {
          connectorId: CHARGE_AMPS_FIXTURE.connectorId,
          installationCurrent: CHARGE_AMPS_FIXTURE.installationCurrentA,
          phases: CHARGE_AMPS_FIXTURE.phases,
          car: { connected: true, maxA: 32, phases: 3, full: false },
        }),
      ],
    }),
  ]
}
