import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BatterySettings } from '../../../src-shared/model'
import type { Battery, BatteryReading } from '../../../src-main/core/devices'
import { VendorError } from '../../../src-main/core/errors'
import { BatteryHold, holdFile, HOLD_AFTER_MS, RELEASE_AFTER_MS, RETRY_AFTER_MS, type HeldBattery, type HoldRecord, type HoldStore, type HoldTick } from '../../../src-main/core/site/battery-hold'
import { memoryLogger } from '../helpers/memory-logger'

const SECOND = 1000
const MINUTE = 60 * SECOND
const DAY_MS = 24 * 60 * MINUTE

/** A battery whose settings live in memory, with every write counted, like a vendor's would be. */
function settableBattery(initial: Partial<BatterySettings> = {}) {
  let settings: BatterySettings = {
    minSocPct: 10,
    maxSocPct: 100,
    gridCharge: { enabled: false, windows: [{ start: '00:00', end: '00:00' }, { start: '00:00', end: '00:00' }] },
    discharge: { enabled: false, windows: [{ start: '00:00', end: '00:00' }, { start: '00:00', end: '00:00' }] },
    ...initial,
  }
  const writes: BatterySettings[] = []
  let refuse: string | null = null
  let reads = 0
  const battery: Battery = {
    id: 'alpha:battery',
    label: 'AlphaESS battery',
    readBattery: async () => reading(60),
    control: {
      writeLimits: 'AlphaESS limits how often settings can change.',
      readSettings: async () => {
        reads++
        return structuredClone(settings)
      },
      writeSettings: async (next) => {
        if (refuse) throw new VendorError('rate-limited', refuse)
        writes.push(structuredClone(next))
        settings = structuredClone(next)
        return structuredClone(settings)
      },
    },
  }
  return {
    battery,
    writes,
    get reads() {
      return reads
    },
    get settings() {
      return settings
    },
    /** A change made in the vendor's own app. */
    setElsewhere(change: Partial<BatterySettings>) {
      settings = { ...settings, ...change }
    },
    refuse(message: string | null) {
      refuse = message
    },
  }
}

function reading(socPct: number): BatteryReading {
  return { socPct, batteryW: 2000, capacityWh: 10_000, minSocPct: 10, maxSocPct: 100, maxChargeW: 5000, maxDischargeW: 5000 }
}

function memoryStore(initial: HeldBattery | null = null, o: { writable?: boolean; holdsMs?: number[] } = {}): HoldStore & HoldRecord {
  const store = {
    held: initial,
    holdsMs: o.holdsMs ?? [],
    load: () => ({ held: store.held, holdsMs: [...store.holdsMs] }),
    save: (record: HoldRecord) => {
      if (o.writable === false) return false
      store.held = record.held
      store.holdsMs = [...record.holdsMs]
      return true
    },
  }
  return store
}

const record = (over: Partial<HeldBattery>): HeldBattery => ({
  batteryId: 'alpha:battery',
  label: 'AlphaESS battery',
  userMinSocPct: 10,
  heldAtPct: 64,
  sinceMs: 0,
  confirmed: true,
  ...over,
})

/** Runs the hold's after-tick step every 10 s from fromMs to toMs, letting each write finish. */
async function ticks(hold: BatteryHold, t: Omit<HoldTick, 'nowMs'>, fromMs: number, toMs: number) {
  for (let nowMs = fromMs; nowMs <= toMs; nowMs += 10 * SECOND) {
    hold.afterTick({ ...t, nowMs })
    await hold.idle()
  }
}

const fast = { label: 'Wallbox', intent: 'fast' as const }

describe('keeping the home battery for the house while a car charges from the grid', () => {
  it('raises the minimum to the charge the battery has after a minute of Fast charging, and no sooner', async () => {
    const b = settableBattery()
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    const tick = { enabled: true, battery: b.battery, reading: reading(61.7), gridCharging: fast }
    await ticks(hold, tick, 0, HOLD_AFTER_MS - 10 * SECOND)
    expect(b.writes).toHaveLength(0)
    await ticks(hold, tick, HOLD_AFTER_MS, HOLD_AFTER_MS + 5 * MINUTE)
    // Rounded down: a minimum above the charge could make an inverter top up from the grid.
    expect(b.writes).toHaveLength(1)
    expect(b.settings.minSocPct).toBe(61)
    expect(hold.status('alpha:battery')).toEqual({ heldAtPct: 61, userMinSocPct: 10, problem: null })
  })

  it('gives the user’s minimum back five minutes after the car stops charging from the grid', async () => {
    const b = settableBattery({ minSocPct: 15 })
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    const charging = { enabled: true, battery: b.battery, reading: reading(70), gridCharging: fast }
    await ticks(hold, charging, 0, 2 * MINUTE)
    expect(b.settings.minSocPct).toBe(70)
    const stopped = { ...charging, gridCharging: null }
    await ticks(hold, stopped, 2 * MINUTE + 10 * SECOND, 2 * MINUTE + RELEASE_AFTER_MS - 10 * SECOND)
    expect(b.settings.minSocPct).toBe(70)
    await ticks(hold, stopped, 2 * MINUTE + RELEASE_AFTER_MS, 2 * MINUTE + RELEASE_AFTER_MS + 30 * SECOND)
    expect(b.settings.minSocPct).toBe(15)
    expect(b.writes).toHaveLength(2)
    expect(hold.status('alpha:battery')).toBeNull()
  })

  it('a plan charging in slots a few minutes apart costs one hold and one release, not two writes a slot', async () => {
    const b = settableBattery()
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    const slot = { enabled: true, battery: b.battery, reading: reading(80), gridCharging: { label: 'Wallbox', intent: 'plan' as const } }
    const gap = { ...slot, gridCharging: null }
    let t = 0
    for (let i = 0; i < 4; i++) {
      await ticks(hold, slot, t, t + 10 * MINUTE)
      await ticks(hold, gap, t + 10 * MINUTE + 10 * SECOND, t + 13 * MINUTE)
      t += 13 * MINUTE + 10 * SECOND
    }
    expect(b.writes).toHaveLength(1)
    await ticks(hold, gap, t, t + RELEASE_AFTER_MS + MINUTE)
    expect(b.writes.map((w) => w.minSocPct)).toEqual([80, 10])
  })

  it('switching the setting off gives the minimum back at once', async () => {
    const b = settableBattery()
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    const on = { enabled: true, battery: b.battery, reading: reading(55), gridCharging: fast }
    await ticks(hold, on, 0, 2 * MINUTE)
    expect(b.settings.minSocPct).toBe(55)
    await ticks(hold, { ...on, enabled: false }, 2 * MINUTE + 10 * SECOND, 2 * MINUTE + 10 * SECOND)
    expect(b.settings.minSocPct).toBe(10)
  })

  it('leaves a minimum someone changed in the vendor’s app while it was held', async () => {
    const b = settableBattery()
    const logger = memoryLogger()
    const hold = new BatteryHold({ store: memoryStore(), logger })
    const on = { enabled: true, battery: b.battery, reading: reading(50), gridCharging: fast }
    await ticks(hold, on, 0, 2 * MINUTE)
    b.setElsewhere({ minSocPct: 30 })
    await ticks(hold, { ...on, gridCharging: null }, 2 * MINUTE + 10 * SECOND, 2 * MINUTE + RELEASE_AFTER_MS + MINUTE)
    expect(b.settings.minSocPct).toBe(30)
    expect(b.writes).toHaveLength(1)
    expect(logger.lines.join('\n')).toMatch(/changed outside Sunspill to 30 %/)
  })

  it('after a restart with the battery still held, the first tick no car needs it gives the minimum back', async () => {
    const b = settableBattery({ minSocPct: 64 })
    const store = memoryStore(record({ userMinSocPct: 10, heldAtPct: 64 }))
    const hold = new BatteryHold({ store, logger: memoryLogger() })
    expect(hold.status('alpha:battery')).toMatchObject({ heldAtPct: 64, userMinSocPct: 10 })
    await ticks(hold, { enabled: true, battery: b.battery, reading: reading(64), gridCharging: null }, 0, 0)
    expect(b.settings.minSocPct).toBe(10)
    expect(store.held).toBeNull()
  })

  it('a hold whose write never landed (a crash mid-write) is forgotten without touching the battery', async () => {
    const b = settableBattery({ minSocPct: 12 })
    const store = memoryStore(record({ userMinSocPct: 12, heldAtPct: 64, confirmed: false }))
    const hold = new BatteryHold({ store, logger: memoryLogger() })
    await ticks(hold, { enabled: true, battery: b.battery, reading: reading(64), gridCharging: null }, 0, 0)
    expect(b.writes).toHaveLength(0)
    expect(store.held).toBeNull()
  })

  it('a refused write is said once, shown while a car wants the hold, and tried again five minutes later', async () => {
    const b = settableBattery()
    const said: string[] = []
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger(), rejected: (m) => said.push(m) })
    b.refuse('AlphaESS allows few setting changes; try again later.')
    const on = { enabled: true, battery: b.battery, reading: reading(75), gridCharging: fast }
    await ticks(hold, on, 0, HOLD_AFTER_MS + RETRY_AFTER_MS - 10 * SECOND)
    expect(said).toEqual(['AlphaESS allows few setting changes; try again later.'])
    expect(hold.status('alpha:battery')).toEqual({ heldAtPct: null, problem: 'AlphaESS allows few setting changes; try again later.' })
    expect(b.settings.minSocPct).toBe(10)
    b.refuse(null)
    await ticks(hold, on, HOLD_AFTER_MS + RETRY_AFTER_MS, HOLD_AFTER_MS + RETRY_AFTER_MS + 20 * SECOND)
    expect(b.settings.minSocPct).toBe(75)
    expect(hold.status('alpha:battery')).toEqual({ heldAtPct: 75, userMinSocPct: 10, problem: null })
  })

  it('does not write when the battery is already near its own minimum, and does not keep asking', async () => {
    const b = settableBattery({ minSocPct: 20 })
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    await ticks(hold, { enabled: true, battery: b.battery, reading: reading(21.5), gridCharging: fast }, 0, 11 * MINUTE)
    expect(b.writes).toHaveLength(0)
    // Once a minute in, then every five minutes: not every ten seconds.
    expect(b.reads).toBe(3)
  })

  it('holds at most six times a day, and says why it leaves the battery alone after that', async () => {
    const b = settableBattery()
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    const on = { enabled: true, battery: b.battery, reading: reading(70), gridCharging: fast }
    let t = 0
    for (let i = 0; i < 8; i++) {
      await ticks(hold, on, t, t + 2 * MINUTE)
      await ticks(hold, { ...on, gridCharging: null }, t + 2 * MINUTE + 10 * SECOND, t + 2 * MINUTE + RELEASE_AFTER_MS + 20 * SECOND)
      t += 2 * MINUTE + RELEASE_AFTER_MS + 30 * SECOND
    }
    expect(b.writes.map((w) => w.minSocPct)).toEqual([70, 10, 70, 10, 70, 10, 70, 10, 70, 10, 70, 10])
    await ticks(hold, on, t, t + 2 * MINUTE)
    expect(hold.status('alpha:battery')).toEqual({ heldAtPct: null, problem: expect.stringMatching(/held the battery 6 times in the last day/) })
  })

  it('counts the day\'s holds across a restart', async () => {
    const b = settableBattery()
    const on = { enabled: true, battery: b.battery, reading: reading(70), gridCharging: fast }
    const store = memoryStore()
    let hold = new BatteryHold({ store, logger: memoryLogger() })
    let t = 0
    for (let i = 0; i < 6; i++) {
      await ticks(hold, on, t, t + 2 * MINUTE)
      await ticks(hold, { ...on, gridCharging: null }, t + 2 * MINUTE + 10 * SECOND, t + 2 * MINUTE + RELEASE_AFTER_MS + 20 * SECOND)
      t += 2 * MINUTE + RELEASE_AFTER_MS + 30 * SECOND
      // Sunspill restarted after the third hold.
      if (i === 2) hold = new BatteryHold({ store, logger: memoryLogger() })
    }
    expect(store.holdsMs).toHaveLength(6)
    hold = new BatteryHold({ store, logger: memoryLogger() })
    await ticks(hold, on, t, t + 2 * MINUTE)
    expect(b.writes).toHaveLength(12)
    expect(hold.status('alpha:battery')).toEqual({ heldAtPct: null, problem: expect.stringMatching(/held the battery 6 times in the last day/) })
    // A day after the first hold, one more is allowed.
    await ticks(hold, on, DAY_MS, DAY_MS + 2 * MINUTE)
    expect(b.settings.minSocPct).toBe(70)
  })

  it('reads a record from before the day count was kept, and keeps the count in the file from then on', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sunspill-hold-')), 'battery-hold.json')
    writeFileSync(path, JSON.stringify({ held: record({ heldAtPct: 55 }) }))
    const store = holdFile(path, memoryLogger())
    expect(store.load()).toEqual({ held: record({ heldAtPct: 55 }), holdsMs: [] })
    expect(store.save({ held: null, holdsMs: [1000, 2000] })).toBe(true)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ held: null, holdsMs: [1000, 2000] })
  })

  it('leaves the battery alone when the minimum to give back cannot be written down', async () => {
    const b = settableBattery()
    const said: string[] = []
    const hold = new BatteryHold({ store: memoryStore(null, { writable: false }), logger: memoryLogger(), rejected: (m) => said.push(m) })
    await ticks(hold, { enabled: true, battery: b.battery, reading: reading(70), gridCharging: fast }, 0, 3 * MINUTE)
    expect(b.writes).toHaveLength(0)
    expect(said[0]).toMatch(/could not write down the battery's own minimum/)
  })

  it('after a hand-off (quit, sleep) a tick that ends late does not hold the battery again', async () => {
    const b = settableBattery()
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    const on = { enabled: true, battery: b.battery, reading: reading(70), gridCharging: fast }
    await ticks(hold, on, 0, 2 * MINUTE)
    await hold.handOff(b.battery, 2 * MINUTE)
    expect(b.settings.minSocPct).toBe(10)
    await ticks(hold, on, 2 * MINUTE + 10 * SECOND, 5 * MINUTE)
    expect(b.settings.minSocPct).toBe(10)
    hold.resume()
    await ticks(hold, on, 5 * MINUTE + 10 * SECOND, 7 * MINUTE)
    expect(b.settings.minSocPct).toBe(70)
  })

  it('a battery that left the site is dropped, so the next one can be held, and its record is handed to the caller', async () => {
    const b = settableBattery()
    const store = memoryStore(record({ batteryId: 'old:battery', label: 'Old battery', heldAtPct: 55, userMinSocPct: 15 }))
    const hold = new BatteryHold({ store, logger: memoryLogger() })
    expect(hold.status('alpha:battery')).toBeNull()
    expect(hold.abandon()).toMatchObject({ label: 'Old battery', heldAtPct: 55, userMinSocPct: 15 })
    expect(store.held).toBeNull()
    await ticks(hold, { enabled: true, battery: b.battery, reading: reading(70), gridCharging: fast }, 0, 2 * MINUTE)
    expect(b.settings.minSocPct).toBe(70)
  })

  it('a car charging on the sun, or the setting off, never touches the battery', async () => {
    const b = settableBattery()
    const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
    await ticks(hold, { enabled: true, battery: b.battery, reading: reading(90), gridCharging: null }, 0, 10 * MINUTE)
    await ticks(hold, { enabled: false, battery: b.battery, reading: reading(90), gridCharging: fast }, 10 * MINUTE, 20 * MINUTE)
    expect(b.writes).toHaveLength(0)
  })

  describe('the Settings form while the battery is held', () => {
    async function held() {
      const b = settableBattery({ minSocPct: 10 })
      const hold = new BatteryHold({ store: memoryStore(), logger: memoryLogger() })
      await ticks(hold, { enabled: true, battery: b.battery, reading: reading(66), gridCharging: fast }, 0, 2 * MINUTE)
      return { b, hold, form: hold.wrap(b.battery)!.control! }
    }

    it('shows the user’s own minimum and says why the battery holds more', async () => {
      const { form } = await held()
      expect((await form.readSettings()).minSocPct).toBe(10)
      expect(form.writeLimits).toMatch(/holds the battery at 66 % while a car charges from the grid; your minimum of 10 % returns/)
    })

    it('a new minimum below the hold becomes the one given back, and the hold stays', async () => {
      const { b, hold, form } = await held()
      const saved = await form.writeSettings({ ...(await form.readSettings()), minSocPct: 20, maxSocPct: 95 })
      expect(saved).toMatchObject({ minSocPct: 20, maxSocPct: 95 })
      expect(b.settings).toMatchObject({ minSocPct: 66, maxSocPct: 95 })
      await ticks(hold, { enabled: true, battery: b.battery, reading: reading(66), gridCharging: null }, 3 * MINUTE, 3 * MINUTE + RELEASE_AFTER_MS)
      expect(b.settings.minSocPct).toBe(20)
    })

    it('a save the battery refuses changes nothing: the hold and the minimum to give back stay', async () => {
      const { b, hold, form } = await held()
      b.refuse('AlphaESS allows few setting changes; try again later.')
      await expect(form.writeSettings({ ...(await form.readSettings()), minSocPct: 70 })).rejects.toThrow(/few setting changes/)
      expect(hold.status('alpha:battery')).toMatchObject({ heldAtPct: 66, userMinSocPct: 10 })
      expect((await form.readSettings()).minSocPct).toBe(10)
    })

    it('a new minimum above the hold ends it: the user’s value stands', async () => {
      const { b, hold, form } = await held()
      await form.writeSettings({ ...(await form.readSettings()), minSocPct: 70 })
      expect(b.settings.minSocPct).toBe(70)
      expect(hold.status('alpha:battery')).toBeNull()
    })
  })
})
