/**
 * Rooftop PV: clear-sky output from the sun's altitude at the site, dimmed by passing clouds.
 */
import { getPosition } from 'suncalc'
import { DAY_MS, MINUTE_MS } from '../time/durations'
import { activeEvent, type SlotEventKind } from './events'
import { rangeNoise, streamId } from './random'

/** Inverter, wiring, soiling and heat losses: real systems rarely deliver nameplate. */
const DERATE = 0.8
/** Above 1 flattens the mornings and evenings a little more than plain sin(altitude). */
const ALTITUDE_EXPONENT = 1.2
const DEG = Math.PI / 180

const CLOUD_DAY = streamId('cloud-day')

export interface PvModelOptions {
  pvKwp: number
  latitude: number
  longitude: number
  seed: number
}

export interface PvModel {
  pvW(timeMs: number): number
  clearSkyPvW(timeMs: number): number
  /** 1 in sunshine, 0.2–0.6 under a cloud. */
  cloudFactor(timeMs: number): number
}

export function sunAltitudeDeg(timeMs: number, latitude: number, longitude: number): number {
  return getPosition(new Date(timeMs), latitude, longitude).altitude
}

/** Share of nameplate the panels give under a clear sky with the sun at this altitude. */
export function clearSkyFraction(altitudeDeg: number): number {
  if (altitudeDeg <= 0) return 0
  return DERATE * Math.pow(Math.sin(Math.min(90, altitudeDeg) * DEG), ALTITUDE_EXPONENT)
}

export function createPvModel(options: PvModelOptions): PvModel {
  const { pvKwp, latitude, longitude, seed } = options
  const nameplateW = pvKwp * 1000

  // Some days are clear, some are patchy: about 0.6 to 3.3 clouds an hour.
  const clouds: SlotEventKind = {
    stream: streamId('cloud'),
    slotMs: 10 * MINUTE_MS,
    minDurationMs: MINUTE_MS,
    maxDurationMs: 10 * MINUTE_MS,
    probability: (slotStartMs) => rangeNoise(0.1, 0.55, seed, CLOUD_DAY, Math.floor(slotStartMs / DAY_MS)),
  }

  const clearSkyPvW = (timeMs: number): number =>
    Math.min(nameplateW, nameplateW * clearSkyFraction(sunAltitudeDeg(timeMs, latitude, longitude)))

  const cloudFactor = (timeMs: number): number => {
    const cloud = activeEvent(seed, clouds, timeMs)
    return cloud ? 0.2 + 0.4 * cloud.strength : 1
  }

  return {
    clearSkyPvW,
    cloudFactor,
    pvW(timeMs) {
      const clearW = clearSkyPvW(timeMs)
      return clearW === 0 ? 0 : clearW * cloudFactor(timeMs)
    },
  }
}
