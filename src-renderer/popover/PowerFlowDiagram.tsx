import { useShallow } from 'zustand/shallow'
import { formatPower } from '../../src-shared/format'
import type { PowerFlow, SiteState } from '../../src-shared/model'
import { useAppStore } from '../store/StoreContext'
import { BatteryIcon, CarIcon, GridIcon, HouseIcon, SunIcon } from '../ui/icons'
import { batteryActivity, DASH_PERIOD_PX, flowLinks, gridActivity, type FlowLink, type FlowNodeId } from './flowModel'

const WIDTH = 336
const HEIGHT = 148
const NODE_R = 19
const RING_R = 23.5
const HUB = { x: 168, y: 80 }

/** Node centres and where each value label sits, so labels never overlap wires or each other. */
const layout: Record<FlowNodeId, { x: number; y: number; label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' } }> = {
  pv: { x: 168, y: 22, label: { x: 196, y: 20, anchor: 'start' } },
  grid: { x: 52, y: 80, label: { x: 52, y: 42, anchor: 'middle' } },
  house: { x: 284, y: 80, label: { x: 284, y: 42, anchor: 'middle' } },
  battery: { x: 116, y: 122, label: { x: 84, y: 120, anchor: 'end' } },
  ev: { x: 220, y: 122, label: { x: 252, y: 120, anchor: 'start' } },
}

const testIds: Record<FlowNodeId, string> = {
  pv: 'power-pv',
  grid: 'power-grid',
  house: 'power-house',
  battery: 'power-battery',
  ev: 'power-ev',
}

export function PowerFlowDiagram() {
  const flow = useAppStore(useShallow((s) => s.site?.flow ?? null))
  const hold = useAppStore(useShallow((s) => s.site?.batteryHold ?? null))
  const heldAtPct = hold?.heldAtPct ?? null
  const links = flowLinks(flow)
  const grid = gridActivity(flow?.gridW ?? null)
  const battery = batteryActivity(flow?.batteryW ?? null)

  const captions: Record<FlowNodeId, string> = {
    pv: 'Solar',
    grid: grid === 'importing' ? 'Importing' : grid === 'exporting' ? 'Exporting' : 'Grid',
    house: 'House',
    battery:
      battery === 'charging' ? 'Charging' : battery === 'discharging' ? 'Discharging' : heldAtPct !== null ? `Held at ${heldAtPct} %` : hold?.problem ? 'Not held' : 'Battery',
    ev: 'Car',
  }

  return (
    <section className="flow" aria-label="Power flow">
      <svg
        className="flow-svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={describeFlow(flow, captions)}
      >
        {links.map((l) => (
          <Wire key={l.node} link={l} />
        ))}
        <circle className="flow-hub" cx={HUB.x} cy={HUB.y} r={3.5} />
        {links.map((l) => (
          <Node key={l.node} link={l} importing={grid === 'importing'} socPct={flow?.socPct ?? null} />
        ))}
        {links.map((l) => {
          const { label } = layout[l.node]
          return (
            <g key={l.node} className="flow-label" textAnchor={label.anchor}>
              {l.node === 'battery' && hold ? <title>{holdNote(hold)}</title> : null}
              <text x={label.x} y={label.y} className="flow-value" data-testid={testIds[l.node]}>
                {formatPower(l.watts)}
              </text>
              <text x={label.x} y={label.y + 14} className="flow-caption" data-testid={`${testIds[l.node]}-caption`}>
                {captions[l.node]}
              </text>
            </g>
          )
        })}
      </svg>
    </section>
  )
}

function wireEnds(node: FlowNodeId) {
  const { x, y } = layout[node]
  const dx = HUB.x - x
  const dy = HUB.y - y
  const length = Math.hypot(dx, dy)
  const gap = node === 'battery' ? RING_R + 2 : NODE_R + 2
  return { start: { x: x + (dx / length) * gap, y: y + (dy / length) * gap }, end: HUB }
}

function Wire({ link }: { link: FlowLink }) {
  const { start, end } = wireEnds(link.node)
  const active = link.direction !== 'none'
  // Draw the path the way energy moves, so the dash animation runs with the flow.
  const [from, to] = link.direction === 'out' ? [end, start] : [start, end]
  const d = `M${from.x.toFixed(1)} ${from.y.toFixed(1)}L${to.x.toFixed(1)} ${to.y.toFixed(1)}`
  return (
    <g className={`flow-wire tone-${link.tone}`} data-active={active}>
      <path className="wire-track" d={d} />
      <path className="wire-glow" d={d} strokeWidth={link.strokeWidth} />
      <path
        className="wire-dots"
        d={d}
        strokeWidth={link.strokeWidth + 1.5}
        strokeDasharray={`1 ${DASH_PERIOD_PX - 1}`}
        style={{ animationDuration: `${link.periodS}s` }}
      />
    </g>
  )
}

const icons: Record<Exclude<FlowNodeId, 'battery'>, typeof SunIcon> = {
  pv: SunIcon,
  grid: GridIcon,
  house: HouseIcon,
  ev: CarIcon,
}

function Node({ link, importing, socPct }: { link: FlowLink; importing: boolean; socPct: number | null }) {
  const { x, y } = layout[link.node]
  const tone = link.node === 'grid' ? (importing ? 'import' : 'export') : link.tone
  // The house always uses something, so it only greys out when its reading is unknown.
  const idle = link.node === 'house' ? link.watts === null : link.direction === 'none'
  if (link.node === 'battery') {
    const circumference = 2 * Math.PI * RING_R
    const fraction = socPct === null ? 0 : Math.max(0, Math.min(100, socPct)) / 100
    return (
      <g className={`flow-node tone-battery${idle ? ' is-idle' : ''}`}>
        <circle className="soc-track" cx={x} cy={y} r={RING_R} />
        {fraction > 0 ? (
          <circle
            className="soc-ring"
            cx={x}
            cy={y}
            r={RING_R}
            strokeDasharray={`${(fraction * circumference).toFixed(1)} ${circumference.toFixed(1)}`}
            transform={`rotate(-90 ${x} ${y})`}
          />
        ) : null}
        <circle className="node-disc" cx={x} cy={y} r={NODE_R} />
        <BatteryIcon size={14} x={x - 7} y={y - 15} className="node-icon" />
        <text x={x} y={y + 10} textAnchor="middle" className="soc-text" data-testid="battery-soc">
          {socPct === null ? '—' : `${Math.round(socPct)} %`}
        </text>
      </g>
    )
  }
  const NodeIcon = icons[link.node]
  return (
    <g className={`flow-node tone-${tone}${idle ? ' is-idle' : ''}`}>
      <circle className="node-disc" cx={x} cy={y} r={NODE_R} />
      <NodeIcon size={20} x={x - 10} y={y - 10} className="node-icon" />
    </g>
  )
}

/** The hover text on the battery's caption while a car charging from the grid wants it kept. */
function holdNote(hold: NonNullable<SiteState['batteryHold']>): string {
  if (hold.heldAtPct === null) return `The battery is not kept for the house: ${hold.problem ?? ''}`.trim()
  return `Kept for the house at ${hold.heldAtPct} % while a car charges from the grid; your minimum of ${hold.userMinSocPct} % returns afterwards.`
}

function describeFlow(flow: PowerFlow | null, captions: Record<FlowNodeId, string>): string {
  if (!flow) return 'Power flow: waiting for the first reading'
  const soc = flow.socPct === null ? '' : ` at ${Math.round(flow.socPct)} %`
  return [
    `Solar ${formatPower(flow.pvW)}`,
    `house ${formatPower(flow.houseW)}`,
    `battery ${captions.battery.toLowerCase()} ${formatPower(flow.batteryW)}${soc}`,
    `grid ${captions.grid.toLowerCase()} ${formatPower(flow.gridW)}`,
    `car ${formatPower(flow.evW)}`,
  ].join(', ')
}
