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
} from 'chart.js'
import { useMemo } from 'react'
import { Line } from 'react-chartjs-2'
import type { HistoryToday } from '../../src-shared/history'
import { formatCents, formatClock, formatPower } from '../../src-shared/format'
import { useColorScheme, type ColorScheme } from '../lib/useColorScheme'
import { hourTicks } from '../popover/priceChartData'
import { describeToday, todaySeries, type XY } from './historyModel'

ChartJS.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip)

type SeriesKey = 'pv' | 'house' | 'battery' | 'grid' | 'ev' | 'price'

// Canvas cannot read CSS variables, so the chart carries the theme's colours itself.
const palette: Record<ColorScheme, Record<SeriesKey | 'pvFill' | 'evFill' | 'grid-lines' | 'zero' | 'tick' | 'now', string>> = {
  light: {
    pv: '#e5a000',
    pvFill: 'rgba(245,184,0,0.16)',
    house: '#4a4a52',
    battery: '#1f9d55',
    grid: '#86868d',
    ev: '#1a7fe0',
    evFill: 'rgba(26,127,224,0.14)',
    price: '#6e56cf',
    'grid-lines': 'rgba(0,0,0,0.06)',
    zero: 'rgba(0,0,0,0.22)',
    tick: '#8a8a91',
    now: '#6e56cf',
  },
  dark: {
    pv: '#ffc53d',
    pvFill: 'rgba(255,197,61,0.13)',
    house: '#d3d3d9',
    battery: '#3dd68c',
    grid: '#9b9ba3',
    ev: '#52a9ff',
    evFill: 'rgba(82,169,255,0.16)',
    price: '#9e8cfc',
    'grid-lines': 'rgba(255,255,255,0.07)',
    zero: 'rgba(255,255,255,0.25)',
    tick: '#8d8d96',
    now: '#9e8cfc',
  },
}

export const legend: { key: SeriesKey; label: string }[] = [
  { key: 'pv', label: 'Solar' },
  { key: 'house', label: 'House' },
  { key: 'ev', label: 'Car' },
  { key: 'battery', label: 'Battery' },
  { key: 'grid', label: 'Grid' },
  { key: 'price', label: 'Price' },
]

/** Today's power (kW, left axis) and the price (c/kWh, right axis), midnight to midnight. */
export function TodayChart({ today }: { today: HistoryToday }) {
  const scheme = useColorScheme()
  const colors = palette[scheme]
  const series = useMemo(() => todaySeries(today.points, today.prices), [today.points, today.prices])
  const { timeZone, dayStartMs, dayEndMs } = today

  const data = useMemo<ChartData<'line', XY[]>>(() => {
    const line = (key: Exclude<SeriesKey, 'price'>, extra: Record<string, unknown> = {}) => ({
      label: legend.find((l) => l.key === key)!.label,
      data: series[key],
      borderColor: colors[key],
      borderWidth: 1.6,
      pointRadius: 0,
      yAxisID: 'y',
      spanGaps: false,
      ...extra,
    })
    return {
      datasets: [
        line('pv', { fill: { target: 'origin', above: colors.pvFill }, order: 5 }),
        line('house', { order: 3 }),
        line('battery', { order: 4, borderWidth: 1.3 }),
        line('grid', { order: 4, borderWidth: 1.3, borderDash: [4, 3] }),
        line('ev', { fill: { target: 'origin', above: colors.evFill }, order: 2, borderWidth: 2 }),
        {
          label: 'Price',
          data: series.price,
          borderColor: colors.price,
          borderWidth: 1.2,
          pointRadius: 0,
          stepped: 'before' as const,
          yAxisID: 'yPrice',
          order: 1,
          spanGaps: false,
        },
      ],
    }
  }, [series, colors])

  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      parsing: { xAxisKey: 'x', yAxisKey: 'y' },
      normalized: true,
      interaction: { mode: 'index', intersect: false },
      layout: { padding: { top: 6, right: 2 } },
      scales: {
        x: {
          type: 'linear',
          min: dayStartMs,
          max: dayEndMs,
          border: { display: false },
          grid: { color: colors['grid-lines'], drawTicks: false },
          afterBuildTicks: (scale) => {
            scale.ticks = hourTicks(dayStartMs, dayEndMs, timeZone).map((value) => ({ value }))
          },
          ticks: { color: colors.tick, font: { size: 10 }, padding: 9, maxRotation: 0, callback: (v) => formatClock(Number(v), timeZone) },
        },
        y: {
          type: 'linear',
          position: 'left',
          min: series.axes.minKw,
          max: series.axes.maxKw,
          border: { display: false },
          grid: { color: (ctx) => (ctx.tick.value === 0 ? colors.zero : colors['grid-lines']), drawTicks: false },
          ticks: { color: colors.tick, font: { size: 10 }, padding: 4, stepSize: series.axes.stepKw, callback: (v) => `${v} kW` },
        },
        yPrice: {
          type: 'linear',
          position: 'right',
          min: series.axes.minCents,
          max: series.axes.maxCents,
          border: { display: false },
          grid: { drawOnChartArea: false, drawTicks: false },
          ticks: { color: colors.price, font: { size: 10 }, padding: 4, stepSize: series.axes.stepCents, callback: (v) => `${Math.round(Number(v))} c` },
        },
      },
      plugins: {
        tooltip: {
          // The five power lines share their times; the price has its own steps, read separately.
          filter: (item) => item.datasetIndex < 5,
          callbacks: {
            title: (items) => (items[0] ? formatClock(Number((items[0].raw as XY).x), timeZone) : ''),
            label: (item) => `${item.dataset.label}: ${formatPower(((item.raw as XY).y ?? 0) * 1000)}`,
            afterBody: (items) => {
              const x = items[0] ? Number((items[0].raw as XY).x) : null
              const step = x === null ? undefined : [...series.price].reverse().find((p) => p.x <= x && p.y !== null)
              return step ? `Price: ${formatCents(step.y)}` : ''
            },
          },
        },
      },
    }),
    [series, colors, dayStartMs, dayEndMs, timeZone],
  )

  const description = useMemo(() => describeToday(today.totals, today.points, today.currency), [today])

  return (
    <div className="today-chart" data-testid="history-today-chart">
      {today.points.length === 0 ? (
        <p className="chart-empty">Nothing recorded yet today. The chart fills in as the day goes on.</p>
      ) : (
        <div className="today-chart-canvas">
          <Line data={data} options={options} updateMode="none" aria-label={description} role="img" fallbackContent={description} />
        </div>
      )}
      <ul className="chart-legend" aria-label="Chart legend">
        {legend.map(({ key, label }) => (
          <li key={key}>
            <span className={`legend-swatch legend-${key}`} aria-hidden="true" />
            {label}
          </li>
        ))}
        <li className="legend-note">Above 0: battery discharging, grid importing · price on the right in c/kWh</li>
      </ul>
    </div>
  )
}
