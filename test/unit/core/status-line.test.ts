import { describe, expect, it } from 'vitest'
import { statusLine } from '../../../src-main/core/site/state-view'
import type { PowerFlow } from '../../../src-shared/model'
import { charger } from '../renderer/fixtures'

const exporting: PowerFlow = { pvW: 5200, houseW: 900, batteryW: 0, socPct: 64, gridW: -1200, evW: 1600, gridPhases: null }
const yielded = 'Set to 10 A outside Sunspill (in another app or by a schedule), so Sunspill has stopped controlling this charger.'

describe('the status line', () => {
  it('says a charger Sunspill steers is charging from solar', () => {
    expect(statusLine([charger()], exporting)).toBe('Charging 1.6 kW from solar')
  })

  it('names the home battery when it carries part or all of the car', () => {
    const discharging: PowerFlow = { ...exporting, pvW: 5000, batteryW: 2600, gridW: 0, evW: 7400, houseW: 256 }
    expect(statusLine([charger({ powerW: 7400 })], discharging)).toBe('Charging 7.4 kW from solar and the battery')
    expect(statusLine([charger({ powerW: 7400 })], { ...discharging, pvW: 0, batteryW: 5000 })).toBe('Charging 7.4 kW from the home battery')
  })

  it('claims no source without a meter', () => {
    const unmetered: PowerFlow = { pvW: null, houseW: null, batteryW: null, socPct: null, gridW: null, evW: 11_100, gridPhases: null }
    expect(statusLine([charger({ powerW: 11_100 })], unmetered)).toBe('Charging 11.1 kW')
  })

  it('puts grid import first: it is what the user pays for', () => {
    expect(statusLine([charger({ powerW: 7400 })], { ...exporting, batteryW: 2000, gridW: 1500 })).toBe('Charging 7.4 kW (1.5 kW from the grid)')
  })

  it('does not claim solar for a charger controlled elsewhere that is charging', () => {
    expect(statusLine([charger({ yielded })], exporting)).toBe('Garage charging 1.6 kW · controlled outside Sunspill')
  })

  it('speaks for the charger Sunspill steers first', () => {
    const line = statusLine([charger({ id: 'a', name: 'Garage', yielded }), charger({ id: 'b', name: 'Carport', powerW: 2300 })], exporting)
    expect(line).toBe('Charging 2.3 kW from solar')
  })

  it('names a yielded charger that is only plugged in', () => {
    expect(statusLine([charger({ status: 'connected', powerW: 0, yielded })], exporting)).toBe('Garage is controlled outside Sunspill')
  })
})
