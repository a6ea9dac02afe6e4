import {
  Chart as ChartJS,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartOptions,
  type ChartType,
  type Plugin,
} from 'chart.js'
import { useMemo } from 'react'
import { Line } from 'react-chartjs-2'
import { useShallow } from 'zustand/shallow'
import { formatCents, formatClock } from '../../src-shared/format'
import { useColorScheme, type ColorScheme } from '../lib/useColorScheme'
import { useAppStore } from '../store/StoreContext'
import { describePrices, hourTicks, priceRange, priceSeries, type PricePoint } from './priceChartData'

// Only what this chart draws; chart.js/auto would pull in every controller and scale.
ChartJS.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip)

interface PriceMarksOptions {
  atMs: number | null
  nowColor: string
  /** The highest spike price when it runs off the top of the scale. */
  spikeLabel: string | null
  spikeColor: string
  negatives: [number, number][]
  negativeColor: string
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    priceMarks?: PriceMarksOptions
  }
}

type PaletteKey = 'line' | 'grid' | 'zero' | 'tick' | 'spike' | 'spikeFill' | 'negative' | 'negativeBand' | 'above' | 'now'

// Canvas cannot read CSS variables, so the chart carries its own light and dark colours.
const palette: Record<ColorScheme, Record<PaletteKey, string>> = {
  light: {
    line: '#55555c',
    grid: 'rgba(0,0,0,0.06)',
    zero: 'rgba(0,0,0,0.22)',
    tick: '#8a8a91',
    spike: '#dc3e42',
    spikeFill: 'rgba(220,62,66,0.22)',
    negative: 'rgba(30,150,80,0.45)',
    negativeBand: 'rgba(30,150,80,0.10)',
    above: 'rgba(110,110,120,0.08)',
    now: '#6e56cf',
  },
  dark: {
    line: '#c9c9cf',
    grid: 'rgba(255,255,255,0.07)',
    zero: 'rgba(255,255,255,0.25)',
    tick: '#8d8d96',
    spike: '#ff6369',
    spikeFill: 'rgba(255,99,105,0.28)',
    negative: 'rgba(61,214,140,0.45)',
    negativeBand: 'rgba(61,214,140,0.12)',
    above: 'rgba(200,200,210,0.10)',
    now: '#9e8cfc',
  },
}

const LABEL_FONT = '600 9px system-ui, sans-serif'

/**
 * Marks chart.js has no built-in for (short of another plugin): green bands behind negative
 * stretches, "now" as a line, and the spike's real price in the strip above the plot.
 */
const priceMarksPlugin: Plugin<'line'> = {
  id: 'priceMarks',
  beforeDatasetsDraw(chart, _args, options: PriceMarksOptions) {
    const x = chart.scales.x
    if (!x) return
    const { top, bottom, left, right } = chart.chartArea
    const ctx = chart.ctx
    ctx.save()
    ctx.fillStyle = options.negativeColor
    for (const [start, end] of options.negatives) {
      const x0 = Math.max(left, x.getPixelForValue(start))
      const x1 = Math.min(right, x.getPixelForValue(end))
      if (x1 > x0) ctx.fillRect(x0, top, x1 - x0, bottom - top)
    }
    ctx.restore()
  },
  afterDatasetsDraw(chart, _args, options: PriceMarksOptions) {
    const x = chart.scales.x
    if (!x) return
    const { top, bottom, right } = chart.chartArea
    const ctx = chart.ctx
    ctx.save()
    ctx.font = LABEL_FONT
    ctx.textBaseline = 'bottom'
    ctx.textAlign = 'left'
    let nowLabelEnd = -Infinity
    if (options.atMs !== null && options.atMs >= x.min && options.atMs <= x.max) {
      const px = Math.round(x.getPixelForValue(options.atMs)) + 0.5
      ctx.strokeStyle = options.nowColor
      ctx.lineWidth = 1.5
      ctx.setLineDash([3, 2])
      ctx.beginPath()
      ctx.moveTo(px, top - 9)
      ctx.lineTo(px, bottom)
      ctx.stroke()
      ctx.fillStyle = options.nowColor
      ctx.fillText('now', px + 3, top - 1)
      nowLabelEnd = px + 3 + ctx.measureText('now').width
    }
    const spikes = chart.data.datasets[1]?.data as PricePoint[] | undefined
    const firstSpike = spikes?.find((p) => p.y !== null)
    if (options.spikeLabel && firstSpike) {
      const text = `▲ ${options.spikeLabel}`
      const at = Math.max(x.getPixelForValue(firstSpike.x) + 2, nowLabelEnd + 6)
      ctx.fillStyle = options.spikeColor
      ctx.fillText(text, Math.min(at, right - ctx.measureText(text).width), top - 1)
    }
    ctx.restore()
  },
}
const plugins = [priceMarksPlugin]

type Points = PricePoint[]

export function PriceChart() {
  const { intervals, atMs, timeZone } = useAppStore(
    useShallow((s) => ({ intervals: s.site?.price.intervals, atMs: s.site?.atMs ?? null, timeZone: s.site?.timeZone ?? 'UTC' })),
  )
  const scheme = useColorScheme()
  const colors = palette[scheme]
  const series = useMemo(() => (intervals ? priceSeries(intervals) : null), [intervals])
  const range = useMemo(() => priceRange(intervals ?? []), [intervals])

  const data = useMemo<ChartData<'line', Points>>(
    () => ({
      datasets: [
        {
          label: 'Price',
          data: series?.price ?? [],
          stepped: 'after',
          borderColor: colors.line,
          borderWidth: 1.5,
          pointRadius: 0,
          fill: { target: 'origin', above: colors.above, below: colors.negative },
          order: 2,
        },
        {
          label: 'Spike',
          data: series?.spike ?? [],
          stepped: 'after',
          borderColor: colors.spike,
          borderWidth: 2,
          pointRadius: 0,
          fill: { target: 'origin', above: colors.spikeFill, below: colors.spikeFill },
          spanGaps: false,
          clip: { left: 0, right: 0, top: 0, bottom: 0 },
          order: 1,
        },
      ],
    }),
    [series, colors],
  )

  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      normalized: true,
      layout: { padding: { top: 11, right: 2 } },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: series?.minMs,
          max: series?.maxMs,
          border: { display: false },
          grid: { color: colors.grid, drawTicks: false },
          afterBuildTicks: (scale) => {
            if (series) scale.ticks = hourTicks(series.minMs, series.maxMs, timeZone).map((value) => ({ value }))
          },
          ticks: {
            color: colors.tick,
            font: { size: 9.5 },
            padding: 3,
            maxRotation: 0,
            callback: (value) => formatClock(Number(value), timeZone),
          },
        },
        y: {
          type: 'linear',
          min: range.min,
          max: range.max,
          border: { display: false },
          grid: { color: (ctx) => (ctx.tick.value === 0 ? colors.zero : colors.grid), drawTicks: false },
          // Zero always gets a line: below it you are paid to use power. The negative end
          // stays unlabelled so its number never collides with the 0.
          afterBuildTicks: (scale) => {
            scale.ticks = [0, range.max].map((value) => ({ value }))
          },
          ticks: { color: colors.tick, font: { size: 9.5 }, padding: 4, maxTicksLimit: 3 },
        },
      },
      plugins: {
        priceMarks: {
          atMs,
          nowColor: colors.now,
          spikeLabel: range.clippedMax === null ? null : String(Math.round(range.clippedMax)),
          spikeColor: colors.spike,
          negatives: series?.negative ?? [],
          negativeColor: colors.negativeBand,
        },
        tooltip: {
          filter: (item) => item.datasetIndex === 0,
          displayColors: false,
          callbacks: {
            title: (items) => (items[0] ? formatClock(Number((items[0].raw as PricePoint).x), timeZone) : ''),
            label: (item) => formatCents((item.raw as PricePoint).y),
          },
        },
      },
    }),
    [series, range, colors, atMs, timeZone],
  )

  const description = useMemo(
    () => describePrices(intervals ?? [], formatCents, (ms) => formatClock(ms, timeZone)),
    [intervals, timeZone],
  )

  return (
    <div className="price-chart" data-testid="price-chart">
      {series ? (
        <Line data={data} options={options} plugins={plugins} updateMode="none" aria-label={description} role="img" fallbackContent={description} />
      ) : (
        <p className="chart-empty">No forecast yet</p>
      )}
    </div>
  )
}
