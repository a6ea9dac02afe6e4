import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { SiteState } from '../../../src-shared/model'
import { crc32, encodePng } from '../../../src-main/shell/png'
import { drawTrayIcon, renderTrayIconPng, trayIconKey, trayIconSpec, type TrayIconSpec } from '../../../src-main/shell/tray-icon'
import { siteState } from './site-state'

function readChunks(png: Buffer): Array<{ type: string; data: Buffer; crcOk: boolean }> {
  const chunks = []
  let offset = 8
  while (offset < png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('ascii', offset + 4, offset + 8)
    const data = png.subarray(offset + 8, offset + 8 + length)
    const crc = png.readUInt32BE(offset + 8 + length)
    chunks.push({ type, data, crcOk: crc === crc32(png.subarray(offset + 4, offset + 8 + length)) })
    offset += 12 + length
  }
  return chunks
}

describe('encodePng', () => {
  it('writes a valid RGBA PNG', () => {
    const rgba = new Uint8Array(5 * 3 * 4).map((_, i) => i % 256)
    const png = encodePng(5, 3, rgba)
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    const chunks = readChunks(png)
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
    expect(chunks.every((c) => c.crcOk)).toBe(true)
    const ihdr = chunks[0]!.data
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([5, 3, 8, 6])
    const raw = inflateSync(chunks[1]!.data)
    // one filter byte per row plus 4 bytes per pixel
    expect(raw.length).toBe(3 * (1 + 5 * 4))
    expect(raw[0]).toBe(0)
    expect(raw.subarray(1, 21)).toEqual(Buffer.from(rgba.subarray(0, 20)))
  })

  it('matches the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
  })

  it('rejects a pixel buffer of the wrong length', () => {
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(/Expected 16 bytes/)
  })
})

describe('tray icon', () => {
  const colour: TrayIconSpec = { template: false, price: 'spike', charging: true, warning: true }

  it('renders 16/32 px icons, 22/44 on Linux, that decode to the right size', () => {
    for (const size of [16, 22, 32, 44]) {
      const png = renderTrayIconPng(colour, size)
      const [ihdr, idat] = readChunks(png)
      expect(ihdr!.data.readUInt32BE(0)).toBe(size)
      expect(inflateSync(idat!.data).length).toBe(size * (1 + size * 4))
    }
  })

  it('is monochrome for a macOS template image', () => {
    const pixels = drawTrayIcon({ template: true, price: 'unknown', charging: true, warning: true }, 32)
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3]! > 0) expect([pixels[i], pixels[i + 1], pixels[i + 2]]).toEqual([0, 0, 0])
    }
  })

  it('shows the price colour in the badge', () => {
    const at = (spec: TrayIconSpec) => {
      const pixels = drawTrayIcon(spec, 32)
      const i = (Math.round(0.76 * 32) * 32 + Math.round(0.76 * 32)) * 4
      return [...pixels.subarray(i, i + 4)]
    }
    expect(at({ ...colour, price: 'cheap', warning: false, charging: false })).toEqual([22, 163, 74, 255])
    expect(at({ ...colour, price: 'spike', warning: false, charging: false })).toEqual([220, 38, 38, 255])
  })

  it('keeps the sun visible on light and dark panels: its rim and rays have 3:1 contrast against both', () => {
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    const contrast = (a: number[], b: number[]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
      return (hi! + 0.05) / (lo! + 0.05)
    }
    const pixels = drawTrayIcon({ template: false, price: 'unknown', charging: false, warning: false }, 32)
    // The middle of the ray pointing right.
    const i = (16 * 32 + Math.floor(0.87 * 32)) * 4
    const ray = [...pixels.subarray(i, i + 3)]
    expect(pixels[i + 3]).toBe(255)
    expect(contrast(ray, [240, 240, 240])).toBeGreaterThanOrEqual(3)
    expect(contrast(ray, [30, 30, 30])).toBeGreaterThanOrEqual(3)
  })

  it('derives price level, charging and warning from the site state', () => {
    const state = siteState()
    expect(trayIconSpec(state, 'linux')).toEqual({ template: false, price: 'cheap', charging: false, warning: false })
    expect(trayIconSpec(siteState({ descriptor: 'high' }), 'win32').price).toBe('high')
    expect(trayIconSpec(siteState({ descriptor: 'neutral', spikeStatus: 'spike' }), 'win32').price).toBe('spike')
    expect(trayIconSpec(siteState({ charging: true }), 'linux').charging).toBe(true)
    expect(trayIconSpec(siteState({ freshness: 'stale' }), 'linux').warning).toBe(true)
    expect(trayIconSpec(siteState({ sourceError: 'Amber token rejected' }), 'linux').warning).toBe(true)
    const noPrice: SiteState = { ...state, price: { ...state.price, now: null } }
    expect(trayIconSpec(noPrice, 'linux').price).toBe('unknown')
    // The template image ignores price so a price change does not rebuild it.
    expect(trayIconSpec(siteState({ descriptor: 'spike' }), 'darwin')).toEqual({ template: true, price: 'unknown', charging: false, warning: false })
  })

  it('gives equal keys to icons that look the same', () => {
    const a = trayIconSpec(siteState({ descriptor: 'low' }), 'linux')
    const b = trayIconSpec(siteState({ descriptor: 'veryLow' }), 'linux')
    expect(trayIconKey(a)).toBe(trayIconKey(b))
    expect(trayIconKey(a)).not.toBe(trayIconKey({ ...a, charging: true }))
  })
})
