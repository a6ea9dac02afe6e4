import { afterEach, describe, expect, it } from 'vitest'
import { describeStatus, KNOWN_STATUS_IDS } from '../../../../src-main/core/vendors/wallbox/statuses'
import { startRig, type Rig } from './helpers'

/**
 * The reference's table (HA core CHARGER_STATUS and the wallbox library's groups), written out
 * here independently of the implementation's table. Connected: {178, 180–189, 193–196, 210}.
 */
const reference: [number, string, string, boolean][] = [
  [0, 'Disconnected', 'disconnected', false],
  [14, 'Error', 'error', false],
  [15, 'Error', 'error', false],
  [161, 'Ready', 'ready', false],
  [162, 'Ready', 'ready', false],
  [163, 'Disconnected', 'disconnected', false],
  [164, 'Waiting', 'waiting', false],
  [165, 'Locked', 'locked', false],
  [166, 'Updating', 'updating', false],
  [177, 'Scheduled', 'scheduled', false],
  [178, 'Paused', 'paused', true],
  [179, 'Scheduled', 'scheduled', false],
  [180, 'Waiting for car demand', 'waiting', true],
  [181, 'Waiting for car demand', 'waiting', true],
  [182, 'Paused', 'paused', true],
  [183, 'Waiting in queue by Power Sharing', 'waiting', true],
  [184, 'Waiting in queue by Power Sharing', 'waiting', true],
  [185, 'Waiting in queue by Power Boost', 'waiting', true],
  [186, 'Waiting in queue by Power Boost', 'waiting', true],
  [187, 'Waiting MID failed', 'waiting', true],
  [188, 'Waiting MID safety margin exceeded', 'waiting', true],
  [189, 'Waiting in queue by Eco-Smart', 'waiting', true],
  [193, 'Charging', 'charging', true],
  [194, 'Charging', 'charging', true],
  [195, 'Charging', 'charging', true],
  [196, 'Discharging', 'discharging', true],
  [209, 'Locked', 'locked', false],
  [210, 'Locked, car connected', 'locked', true],
]

let rig: Rig
afterEach(async () => {
  await rig?.close()
})

describe('Wallbox status_id mapping', () => {
  it.each(reference)('%i is "%s" (%s), car connected: %s', (id, word, group, connected) => {
    expect(describeStatus(id)).toMatchObject({ statusId: id, word, group, connected })
  })

  it('covers exactly the reference codes', () => {
    expect([...KNOWN_STATUS_IDS].sort((a, b) => a - b)).toEqual(reference.map(([id]) => id))
  })

  it('reads anything else as Unknown, and a missing id as Disconnected', () => {
    expect(describeStatus(170)).toMatchObject({ word: 'Unknown', group: 'unknown', connected: false })
    expect(describeStatus(null)).toMatchObject({ word: 'Disconnected', connected: false })
  })

  it('offers current only while charging, discharging or waiting for the car', () => {
    const offering = reference.filter(([id]) => describeStatus(id).offering).map(([id]) => id)
    expect(offering).toEqual([180, 181, 193, 194, 195, 196])
    const full = reference.filter(([id]) => describeStatus(id).carNotDrawing).map(([id]) => id)
    expect(full).toEqual([180, 181])
  })

  it.each([
    [194, { connected: true, offeredA: 16, carFull: false, locked: false, vendorStatus: 'Charging' }],
    [181, { connected: true, offeredA: 16, carFull: true, vendorStatus: 'Waiting for car demand' }],
    [182, { connected: true, offeredA: 0, powerW: 0, vendorStatus: 'Paused' }],
    [185, { connected: true, offeredA: 0, vendorStatus: 'Waiting in queue by Power Boost' }],
    [161, { connected: false, offeredA: 0, sessionEnergyWh: 0, vendorStatus: 'Ready' }],
    [210, { connected: true, offeredA: 0, locked: true, enabled: false, vendorStatus: 'Locked, car connected' }],
    [14, { connected: false, offeredA: 0, vendorStatus: 'Error' }],
  ])('the charger reading for status %i', async (statusId, expected) => {
    rig = await startRig()
    rig.fake.state.charger.statusOverride = statusId
    rig.fake.state.charger.locked = statusId === 210
    const reading = await rig.charger().readCharger()
    expect(reading).toMatchObject(expected)
  })
})
