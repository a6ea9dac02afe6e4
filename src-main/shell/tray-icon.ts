/**
 * The tray icon, drawn in code: a sun, plus small marks for the price level, charging and
 * trouble. macOS gets a monochrome template image (the menu bar recolours it), so there the price
 * colour is left out and only the shapes remain. The tooltip carries the same facts in words.
 */
import type { NativeImage } from 'electron'
import type { PriceDescriptor, SiteState } from '../../src-shared/model'
import { encodePng } from './png'

export type PriceLevel = 'cheap' | 'neutral' | 'high' | 'spike' | 'unknown'

export interface TrayIconSpec {
  template: boolean
  price: PriceLevel
  charging: boolean
  warning: boolean
}

const levelOf: Record<PriceDescriptor, PriceLevel> = {
  extremelyLow: 'cheap',
  veryLow: 'cheap',
  low: 'cheap',
  neutral: 'neutral',
  high: 'high',
  spike: 'spike',
}

export function trayIconSpec(state: SiteState | null, platform: NodeJS.Platform): TrayIconSpec {
  const template = platform === 'darwin'
  if (!state) return { template, price: 'unknown', charging: false, warning: false }
  const now = state.price.now
  let price: PriceLevel = now ? (now.spikeStatus === 'spike' ? 'spike' : levelOf[now.descriptor]) : 'unknown'
  // A template image cannot show colour, so the price must not force a rebuild there.
  if (template) price = 'unknown'
  return {
    template,
    price,
    charging: state.chargers.some((c) => c.status === 'charging'),
    warning: state.sources.some((s) => s.freshness === 'stale' || s.freshness === 'offline' || s.error !== null),
  }
}

/** Two icons with the same key look the same, so the image is only rebuilt when this changes. */
export function trayIconKey(spec: TrayIconSpec): string {
  return `${spec.template ? 'template' : 'colour'}|${spec.price}|${spec.charging ? 'charging' : '-'}|${spec.warning ? 'warning' : '-'}`
}

/** Sizes at scale factor 1 and 2. Linux indicators draw at 22 px. */
export function trayIconSizes(platform: NodeJS.Platform): [number, number] {
  return platform === 'linux' ? [22, 44] : [16, 32]
}

type Rgba = readonly [number, number, number, number]
type Inside = (x: number, y: number) => boolean
interface Layer {
  inside: Inside
  /** null erases what is below: a transparent gap keeps a mark readable on any taskbar colour. */
  colour: Rgba | null
}

const SUN: Rgba = [245, 179, 1, 255]
/** The sun's rim and rays: 3:1 against a light panel (#f0f0f0) and against a dark one (#1e1e1e). */
const SUN_EDGE: Rgba = [196, 120, 0, 255]
const BLACK: Rgba = [0, 0, 0, 255]
const PRICE: Record<Exclude<PriceLevel, 'unknown'>, Rgba> = {
  cheap: [22, 163, 74, 255],
  neutral: [139, 143, 150, 255],
  high: [249, 115, 22, 255],
  spike: [220, 38, 38, 255],
}
const CHARGING: Rgba = [37, 99, 235, 255]
const WARNING: Rgba = [245, 158, 11, 255]
const WARNING_MARK: Rgba = [31, 41, 55, 255]

const disc =
  (cx: number, cy: number, r: number): Inside =>
  (x, y) =>
    (x - cx) ** 2 + (y - cy) ** 2 <= r * r

function segment(x1: number, y1: number, x2: number, y2: number, halfWidth: number): Inside {
  const dx = x2 - x1
  const dy = y2 - y1
  const lengthSq = dx * dx + dy * dy
  return (x, y) => {
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / lengthSq))
    return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= halfWidth * halfWidth
  }
}

function triangle(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Inside {
  const side = (px: number, py: number, qx: number, qy: number, x: number, y: number) =>
    (qx - px) * (y - py) - (qy - py) * (x - px)
  return (x, y) => {
    const d1 = side(ax, ay, bx, by, x, y)
    const d2 = side(bx, by, cx, cy, x, y)
    const d3 = side(cx, cy, ax, ay, x, y)
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
  }
}

function layers(spec: TrayIconSpec): Layer[] {
  const ink = (colour: Rgba) => (spec.template ? BLACK : colour)
  // A bright sun alone all but vanishes on a light panel; its darker rim and rays carry it there.
  const out: Layer[] = [
    { inside: disc(0.5, 0.5, 0.2), colour: ink(SUN_EDGE) },
    { inside: disc(0.5, 0.5, 0.145), colour: ink(SUN) },
  ]
  for (let i = 0; i < 8; i++) {
    const a = (i * Math.PI) / 4
    const [c, s] = [Math.cos(a), Math.sin(a)]
    out.push({ inside: segment(0.5 + 0.3 * c, 0.5 + 0.3 * s, 0.5 + 0.44 * c, 0.5 + 0.44 * s, 0.045), colour: ink(SUN_EDGE) })
  }
  if (spec.price !== 'unknown' && !spec.template) {
    out.push({ inside: disc(0.76, 0.76, 0.3), colour: null })
    out.push({ inside: disc(0.76, 0.76, 0.22), colour: PRICE[spec.price] })
  }
  if (spec.charging) {
    out.push({ inside: disc(0.22, 0.78, 0.27), colour: null })
    out.push({ inside: disc(0.22, 0.78, 0.19), colour: ink(CHARGING) })
  }
  if (spec.warning) {
    out.push({ inside: triangle(0.76, -0.08, 1.08, 0.52, 0.44, 0.52), colour: null })
    out.push({ inside: triangle(0.76, 0.02, 0.99, 0.45, 0.53, 0.45), colour: ink(WARNING) })
    // The exclamation mark is cut out of the template image, drawn dark on the coloured one.
    const mark = spec.template ? null : WARNING_MARK
    out.push({ inside: segment(0.76, 0.17, 0.76, 0.3, 0.032), colour: mark })
    out.push({ inside: disc(0.76, 0.38, 0.035), colour: mark })
  }
  return out
}

/** RGBA pixels, anti-aliased by 4×4 supersampling. */
export function drawTrayIcon(spec: TrayIconSpec, size: number): Uint8Array {
  const SS = 4
  const shapes = layers(spec)
  const pixels = new Uint8Array(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size
          const y = (py + (sy + 0.5) / SS) / size
          let colour: Rgba | null = null
          for (const layer of shapes) if (layer.inside(x, y)) colour = layer.colour
          if (colour) {
            // Accumulate premultiplied so edges blend towards transparent, not towards black.
            const alpha = colour[3] / 255
            r += colour[0] * alpha
            g += colour[1] * alpha
            b += colour[2] * alpha
            a += alpha
          }
        }
      }
      const i = (py * size + px) * 4
      if (a > 0) {
        pixels[i] = Math.round(r / a)
        pixels[i + 1] = Math.round(g / a)
        pixels[i + 2] = Math.round(b / a)
        pixels[i + 3] = Math.round((a / (SS * SS)) * 255)
      }
    }
  }
  return pixels
}

export function renderTrayIconPng(spec: TrayIconSpec, size: number): Buffer {
  return encodePng(size, size, drawTrayIcon(spec, size))
}

export interface NativeImageFactory {
  createFromBuffer(buffer: Buffer, options?: { scaleFactor?: number }): NativeImage
}

export function buildTrayImage(factory: NativeImageFactory, spec: TrayIconSpec, platform: NodeJS.Platform): NativeImage {
  const [normal, retina] = trayIconSizes(platform)
  const image = factory.createFromBuffer(renderTrayIconPng(spec, normal), { scaleFactor: 1 })
  image.addRepresentation({ scaleFactor: 2, buffer: renderTrayIconPng(spec, retina) })
  if (spec.template) image.setTemplateImage(true)
  return image
}
