/**
 * How big the history file gets. A simulated stretch of days is written as the app writes it: a
 * sample every 10 s, a session a day, 5-minute prices, two notifications a day, and the retention
 * pass every hour. The README's "size per year" comes from SUNSPILL_HISTORY_DAYS=730 (two years,
 * a few minutes); the suite runs two weeks and checks the tiers and the file stay small. fsync
 * is off here: it changes how long this takes, not how big the file is.
 */
import { statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HistoryStore } from '../../../src-main/core/history/store'
import type { PriceRow, SampleRow, SessionRow } from '../../../src-main/core/history/types'
import { DAY, HOUR, tempDir } from './helpers'
import { join } from 'node:path'

const DAYS = Number(process.env.SUNSPILL_HISTORY_DAYS ?? 14)
const START = Date.parse('2026-01-01T00:00:00+11:00')

/** A noisy but plausible day, so values do not compress better than real ones would. */
function sampleAt(t: number, i: number): SampleRow {
  const h = ((t - START) % DAY) / HOUR
  const noise = ((i * 2654435761) % 1000) / 1000
  const pvW = h > 6 && h < 20 ? Math.round(6000 * Math.sin(((h - 6) / 14) * Math.PI) * (0.8 + 0.2 * noise)) : 0
  const houseW = Math.round(350 + 900 * noise * (h > 17 && h < 22 ? 2 : 1))
  const evW = h > 10 && h < 14 ? 3000 + Math.round(2000 * noise) : 0
  const batteryW = Math.round((noise - 0.5) * 3000)
  const price = Math.round((8 + 30 * Math.sin((h / 24) * Math.PI) + noise) * 100) / 100
  const wh = (evW * 10_000) / 3_600_000
  return {
    tMs: t,
    durMs: 10_000,
    tier: 0,
    src: 0,
    pvW,
    houseW,
    batteryW,
    gridW: houseW + evW - pvW - batteryW,
    socPct: Math.round((20 + 60 * Math.sin((h / 24) * Math.PI)) * 10) / 10,
    priceCents: price,
    feedInCents: Math.round(price * 40) / 100,
    evW,
    evSolarWh: wh * 0.7,
    evBatteryWh: 0,
    evGridWh: wh * 0.3,
    evCostCents: (wh * 0.3 * price) / 1000,
    evGridPriceCents: (wh * price) / 1000,
  }
}

function simulate(store: HistoryStore, days: number): { fileBytes: number; afterYearBytes: number | null } {
  let afterYearBytes: number | null = null
  let i = 0
  for (let day = 0; day < days; day++) {
    const dayStart = START + day * DAY
    for (let hour = 0; hour < 24; hour++) {
      const hourStart = dayStart + hour * HOUR
      const rows: SampleRow[] = []
      for (let t = hourStart + 10_000; t <= hourStart + HOUR; t += 10_000) rows.push(sampleAt(t, i++))
      store.writeSamples(rows)
      const prices: PriceRow[] = Array.from({ length: 12 }, (_, k) => ({
        startMs: hourStart + k * 300_000,
        endMs: hourStart + (k + 1) * 300_000,
        perKwhCents: rows[k * 30]!.priceCents!,
        feedInCents: rows[k * 30]!.feedInCents,
        descriptor: 'neutral',
        tier: 0,
        demo: false,
      }))
      store.importPricesKeeping(prices)
      if (hour === 14) {
        const session: SessionRow = {
          id: 0,
          chargerId: 'garage',
          chargerName: 'Garage charger',
          startMs: dayStart + 10 * HOUR,
          endMs: null,
          lastDrawMs: dayStart + 14 * HOUR,
          energyWh: 16_000,
          solarWh: 11_000,
          batteryWh: 0,
          gridWh: 5000,
          costCents: 120.5,
          gridPriceCents: 400.25,
          maxW: 5000,
          demo: false,
        }
        store.commitTick({ sample: null, opened: [session], updated: [], closed: [], prices: [] })
        store.commitTick({ sample: null, opened: [], updated: [], closed: [{ ...session, endMs: session.lastDrawMs }], prices: [] })
      }
      if (hour === 8 || hour === 18) {
        store.recordNotification({ id: `n-${day}-${hour}`, atMs: hourStart, kind: 'spike', title: 'Price spike: 186 c/kWh', body: 'Fast charging paused until the spike passes.' })
      }
      store.maintain(hourStart + HOUR)
    }
    if (day === 364) afterYearBytes = statSync(store.file).size
  }
  return { fileBytes: statSync(store.file).size, afterYearBytes }
}

describe('the size of the history', () => {
  it(`stays small: ${DAYS} simulated days`, () => {
    const store = HistoryStore.open(join(tempDir(), 'history.sqlite'), { durable: false })
    const { fileBytes, afterYearBytes } = simulate(store, DAYS)
    const counts = store.counts()
    expect(store.integrityCheck()).toBe('ok')
    store.close()
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`
    console.log(
      `History after ${DAYS} days: ${mb(fileBytes)}` +
        (afterYearBytes === null ? '' : `; after the first year ${mb(afterYearBytes)}, each further year ${mb((fileBytes - afterYearBytes) * (365 / (DAYS - 365)))}`) +
        `; rows ${JSON.stringify(counts)}`,
    )
    // The 10-second and 5-minute tiers are full after 62 days; past that only hourly rows grow.
    expect(counts.samples[0]).toBeLessThanOrEqual(2 * 8640 + 360)
    expect(counts.samples[1]).toBeLessThanOrEqual(58 * 288 + 12)
    expect(fileBytes).toBeLessThan((DAYS <= 62 ? 4 : 12) * 1024 * 1024)
  }, 600_000)
})
