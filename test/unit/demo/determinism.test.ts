import { describe, expect, it } from 'vitest'
import { at, charger, DAY_MS, makeHome, MINUTE_MS, sample, SUMMER_WEDNESDAY, type TestHome } from './helpers'

async function script(test: TestHome) {
  const readings: unknown[] = []
  await charger(test.home).current.setCurrent(12)
  for (let i = 0; i < 60; i++) {
    test.clock.advance(23 * MINUTE_MS + 7_000)
    if (i === 20) await charger(test.home).switchable.setEnabled(false)
    if (i === 30) await charger(test.home).switchable.setEnabled(true)
    readings.push(await sample(test), await charger(test.home).readCharger(), await test.home.meter.readMeter())
    if (i % 10 === 0) readings.push(await test.home.tariff.readPrices())
  }
  return readings
}

describe('demo home determinism', () => {
  it('gives identical readings for the same seed and times', async () => {
    const a = makeHome(at(SUMMER_WEDNESDAY, 5), { account: { id: 'first' }, seed: 42 })
    const b = makeHome(at(SUMMER_WEDNESDAY, 5), { account: { id: 'second' }, seed: 42 })
    expect(await script(a)).toEqual(await script(b))
  })

  it('derives the seed from the account id by default', async () => {
    const a = makeHome(at(SUMMER_WEDNESDAY, 5), { account: { id: 'same' } })
    const b = makeHome(at(SUMMER_WEDNESDAY, 5), { account: { id: 'same' } })
    const c = makeHome(at(SUMMER_WEDNESDAY, 5), { account: { id: 'other' } })
    const readingsA = await script(a)
    expect(await script(b)).toEqual(readingsA)
    expect(await script(c)).not.toEqual(readingsA)
  })

  it('reads the same values twice at the same instant', async () => {
    const test = makeHome(at(SUMMER_WEDNESDAY, 12))
    test.clock.advance(DAY_MS / 3)
    expect(await sample(test)).toEqual(await sample(test))
  })
})
