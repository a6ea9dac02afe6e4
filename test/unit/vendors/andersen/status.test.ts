import { describe, expect, it } from 'vitest'
import type { DeviceStatus } from '../../../../src-main/core/vendors/andersen/schemas'
import { CAR_FULL_AFTER_MS, PLUG_MEMORY_MS, PowerUnitGuess, StatusMemory, evseStateCode, toReading } from '../../../../src-main/core/vendors/andersen/status'

const T0 = 1_000_000
const charging: DeviceStatus = {
  evseState: 3,
  sysUserLock: false,
  sysScheduleLock: false,
  evseChargeAmpCurrentLimit: 32,
  sysAmpA: 31.6,
  sysAmpB: 0,
  sysAmpC: 0,
  chargeStatus: { chargePower: 7300, chargeEnergyTotal: 9.128312 },
}
const read = (status: DeviceStatus, memory = new StatusMemory(), nowMs = T0, userLocked: boolean | null = null) =>
  toReading(status, memory, { userLocked }, nowMs)

describe('Andersen status semantics', () => {
  it('reads evseState as a number or a numeric string', () => {
    expect(evseStateCode(3)).toBe(3)
    expect(evseStateCode('3')).toBe(3)
    expect(evseStateCode('255')).toBe(255)
    expect(evseStateCode('charging')).toBeNull()
    expect(read({ ...charging, evseState: '3' }).powerW).toBe(7300)
  })

  it('a charging A2 is connected, enabled, drawing power, with its current and session energy', () => {
    expect(read(charging)).toEqual({
      connected: true,
      enabled: true,
      offeredA: 32,
      powerW: 7300,
      activePhases: 1,
      sessionEnergyWh: 9128,
      carSocPct: null,
      carFull: false,
      phaseCurrentsA: [31.6],
      locked: false,
      vendorStatus: 'Charging',
      setpoint: { on: true, currentA: null },
    })
  })

  it('state 1 is no car; a lock (255) hides the car, so the last sighting is kept for a while', () => {
    const memory = new StatusMemory()
    expect(read({ evseState: 1, sysUserLock: false }, memory, T0).connected).toBe(false)
    const locked = read({ evseState: 255, sysUserLock: true }, memory, T0 + 60_000)
    expect(locked).toMatchObject({ connected: false, enabled: false, locked: true, powerW: 0, offeredA: 0 })
    expect(locked.vendorStatus).toContain('cannot be seen while locked')
    // After a while a car may have arrived unseen: assume one, so the loop may unlock to look.
    expect(read({ evseState: 255, sysUserLock: true }, memory, T0 + PLUG_MEMORY_MS + 1).connected).toBe(true)
  })

  it('with nothing seen yet, a locked charger is assumed to have a car', () => {
    expect(read({ evseState: 255, sysUserLock: true }).connected).toBe(true)
  })

  it('a car seen while charging stays connected through a lock', () => {
    const memory = new StatusMemory()
    read(charging, memory, T0)
    expect(read({ evseState: 255, sysUserLock: true }, memory, T0 + 10 * PLUG_MEMORY_MS).connected).toBe(true)
  })

  it('a schedule lock shows in the status word but not as our own lock', () => {
    const reading = read({ evseState: 255, sysUserLock: false, sysScheduleLock: true })
    expect(reading).toMatchObject({ enabled: true, locked: false, offeredA: 0, powerW: 0 })
    expect(reading.vendorStatus).toContain('Locked by a schedule')
  })

  it('a commanded lock the cloud has not shown yet wins', () => {
    expect(read(charging, new StatusMemory(), T0, true)).toMatchObject({ enabled: false, locked: true })
  })

  it('a car connected but idle while allowed to charge counts as full after a few minutes', () => {
    const memory = new StatusMemory()
    const idle: DeviceStatus = { evseState: 2, sysUserLock: false, sysScheduleLock: false, chargeStatus: { chargePower: 0 } }
    expect(read(idle, memory, T0).carFull).toBe(false)
    expect(read(idle, memory, T0 + CAR_FULL_AFTER_MS - 1).carFull).toBe(false)
    expect(read(idle, memory, T0 + CAR_FULL_AFTER_MS)).toMatchObject({ carFull: true, connected: true, powerW: 0 })
    expect(read(charging, memory, T0 + CAR_FULL_AFTER_MS + 1).carFull).toBe(false)
  })

  it('power from per-phase figures or currents when chargePower is missing', () => {
    expect(read({ evseState: 3, sysPowerA: 3600, sysPowerB: 0, sysPowerC: 0 }).powerW).toBe(3600)
    expect(read({ evseState: 3, sysAmpA: 16, sysVoltageA: 240 }).powerW).toBe(3840)
  })

  it('error and offline states are named', () => {
    expect(read({ evseState: 4, sysFaultCode: 12 }).vendorStatus).toBe('Error (fault 12)')
    expect(read({ evseState: 1, online: false }).vendorStatus).toBe('Offline')
  })
})

describe('Andersen power units', () => {
  it('over 25 is watts, a fraction up to 25 is kW, and whole numbers follow what the field showed', () => {
    const guess = new PowerUnitGuess()
    expect(guess.watts(7.2)).toBe(7200)
    expect(guess.watts(7)).toBe(7000)
    const watts = new PowerUnitGuess()
    expect(watts.watts(2500)).toBe(2500)
    expect(watts.watts(20)).toBe(20)
    expect(new PowerUnitGuess().watts(0)).toBe(0)
    expect(new PowerUnitGuess().watts(null)).toBeNull()
  })

  it('each field calibrates on its own', () => {
    const memory = new StatusMemory()
    expect(memory.watts('chargeStatus.chargePower', 2500)).toBe(2500)
    expect(memory.watts('sysGridPower', 3)).toBe(3000)
    expect(memory.watts('chargeStatus.chargePower', 3)).toBe(3)
  })

  it('a kW chargePower reads as watts', () => {
    expect(read({ ...charging, chargeStatus: { chargePower: 7.36, chargeEnergyTotal: 1.5 } })).toMatchObject({ powerW: 7360, sessionEnergyWh: 1500 })
  })
})
