/**
 * The printed table (one row per scenario: ours / optimum, the ratio, the targets), the list of
 * failing targets, the summary line, and the machine-readable form.
 */
import type { ScenarioResult } from './bench'
import { money, TARGETS, type TargetId } from './metrics'

const pair = (a: string, b: string) => `${a} / ${b}`
const kwh = (v: number) => v.toFixed(1)
const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`)
const rate = (v: number) => v.toFixed(1)
const dollars = (c: number) => money(c).replace('$', '')

interface Column {
  head: string
  cell: (r: ScenarioResult) => string
  left?: boolean
}

const columns: Column[] = [
  { head: 'scenario', cell: (r) => r.name, left: true },
  { head: 'goal', cell: (r) => r.goal, left: true },
  { head: 'EV kWh', cell: (r) => pair(kwh(r.ours.evKwh), kwh(r.optimum.evKwh)) },
  { head: 'solar kWh', cell: (r) => pair(kwh(r.ours.solarKwh), kwh(r.optimum.solarKwh)) },
  { head: 'solar ratio', cell: (r) => pct(r.ratio.solar) },
  { head: 'solar share', cell: (r) => pair(pct(r.ours.solarShare), pct(r.optimum.solarShare)) },
  { head: 'grid→EV kWh', cell: (r) => pair(kwh(r.ours.gridToEvKwh), kwh(r.optimum.gridToEvKwh)) },
  { head: 'cost $', cell: (r) => pair(dollars(r.ours.costCents), dollars(r.optimum.costCents)) },
  { head: 'cost ratio', cell: (r) => (r.ratio.cost === null ? '–' : `${Math.round(r.ratio.cost * 100)}%`) },
  { head: 'starts/h (max)', cell: (r) => pair(`${rate(r.ours.startsPerHour)} (${r.ours.maxStartsInHour})`, `${rate(r.optimum.startsPerHour)} (${r.optimum.maxStartsInHour})`) },
  { head: 'changes/h', cell: (r) => pair(rate(r.ours.currentChangesPerHour), rate(r.optimum.currentChangesPerHour)) },
  { head: 'fuse s', cell: (r) => pair(String(r.ours.fuseOverS), String(r.optimum.fuseOverS)) },
  { head: 'missing kWh', cell: (r) => pair(kwh(r.ours.missingKwh), kwh(r.optimum.missingKwh)) },
  { head: 'targets', cell: (r) => targetCell(r), left: true },
]

function targetCell(r: ScenarioResult): string {
  const failed = r.targets.filter((t) => !t.pass).map((t) => t.id)
  return failed.length ? `FAIL ${failed.join(',')}` : 'PASS'
}

export function formatTable(results: ScenarioResult[]): string {
  const cells = results.map((r) => columns.map((c) => c.cell(r)))
  const widths = columns.map((c, i) => Math.max(c.head.length, ...cells.map((row) => row[i]!.length)))
  const line = (row: string[]) =>
    row
      .map((v, i) => (columns[i]!.left ? v.padEnd(widths[i]!) : v.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  const head = line(columns.map((c) => c.head))
  return [head, '-'.repeat(head.length), ...cells.map(line)].join('\n')
}

export function formatFailures(results: ScenarioResult[]): string {
  const lines: string[] = []
  for (const r of results) {
    for (const t of r.targets.filter((x) => !x.pass)) lines.push(`  FAIL ${r.name} ${t.id}: ${t.detail}`)
    if (r.rejectedCommands > 0) lines.push(`  NOTE ${r.name}: the charger refused ${r.rejectedCommands} command(s) from the loop`)
    if (r.optimumStatus !== 'Optimal') lines.push(`  NOTE ${r.name}: the optimum stopped at "${r.optimumStatus}" (best solution found)`)
  }
  return lines.join('\n')
}

export interface Summary {
  scenarios: number
  targets: Record<TargetId, { pass: number; of: number }>
  failing: number
  /** Mean over the solar-goal scenarios of ours / optimum solar into the car. */
  meanSolarRatio: number | null
}

export function summarise(results: ScenarioResult[]): Summary {
  const ids: TargetId[] = ['solar', 'cost', 'cycles', 'fuse', 'departure']
  const targets = Object.fromEntries(
    ids.map((id) => {
      const judged = results.flatMap((r) => r.targets.filter((t) => t.id === id))
      return [id, { pass: judged.filter((t) => t.pass).length, of: judged.length }]
    }),
  ) as Summary['targets']
  const ratios = results.filter((r) => r.goal === 'solar' && r.ratio.solar !== null).map((r) => r.ratio.solar!)
  return {
    scenarios: results.length,
    targets,
    failing: results.reduce((n, r) => n + r.targets.filter((t) => !t.pass).length, 0),
    meanSolarRatio: ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null,
  }
}

export function formatSummary(summary: Summary): string {
  const t = summary.targets
  const part = (label: string, x: { pass: number; of: number }) => `${label} ${x.pass}/${x.of}`
  return [
    `${summary.scenarios} scenarios;`,
    `targets passed: ${[
      part(`solar≥${TARGETS.solarRatio * 100}%`, t.solar),
      part(`cost≤+${TARGETS.costSlack * 100}%`, t.cost),
      part(`cycles≤${TARGETS.maxStartsInHour}/h`, t.cycles),
      part('fuse 0 s', t.fuse),
      part('departure', t.departure),
    ].join(', ')};`,
    `mean solar ratio ${summary.meanSolarRatio === null ? '–' : `${(summary.meanSolarRatio * 100).toFixed(1)}%`};`,
    summary.failing === 0 ? 'all targets met' : `${summary.failing} target(s) failing`,
  ].join(' ')
}

export function toJson(results: ScenarioResult[]): string {
  // Four decimals are plenty for kWh, cents and rates, and keep the output readable.
  const round = (_key: string, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e4) / 1e4 : value)
  return JSON.stringify({ version: 1, targets: TARGETS, summary: summarise(results), scenarios: results }, round, 2)
}
