/**
 * One scenario end to end: the loop through the simulated home, the perfect-foresight optimum,
 * their figures side by side and the targets.
 */
import { judge, loopFigures, optimumFigures, type Figures, type TargetResult } from './metrics'
import { solveOptimum } from './optimum'
import { runLoop, type TraceRow } from './run-loop'
import { batteryEndValueCPerWh, type Scenario } from './scenario'

export interface ScenarioResult {
  name: string
  title: string
  goal: Scenario['goal']
  meterCadenceS: number
  charger: Scenario['charger']['kind']
  mode: Scenario['charger']['mode']
  ours: Figures
  optimum: Figures
  /** Ours divided by the optimum: solar into the car, and charging cost. Null when undefined. */
  ratio: { solar: number | null; cost: number | null }
  targets: TargetResult[]
  optimumStatus: string
  /** Warnings the runtime logged (failed reads or commands) and commands the charger refused. */
  warnings: number
  rejectedCommands: number
  runMs: number
  solveMs: number
}

export async function runScenario(s: Scenario, o: { trace?: boolean } = {}): Promise<{ result: ScenarioResult; trace: TraceRow[] }> {
  const started = performance.now()
  const loop = await runLoop(s, o)
  const runMs = performance.now() - started
  const optimum = await solveOptimum(s)
  const ours = loopFigures(s, loop.totals, loop.baseline, batteryEndValueCPerWh(s))
  const opt = optimumFigures(optimum)
  return {
    result: {
      name: s.name,
      title: s.title,
      goal: s.goal,
      meterCadenceS: s.data.meter.cadenceS,
      charger: s.charger.kind,
      mode: s.charger.mode,
      ours,
      optimum: opt,
      ratio: {
        solar: opt.solarKwh > 0.01 ? ours.solarKwh / opt.solarKwh : null,
        // A ratio of costs means something only when the optimum pays.
        cost: opt.costCents > 0.5 ? ours.costCents / opt.costCents : null,
      },
      targets: judge(s, ours, opt),
      optimumStatus: optimum.status,
      warnings: loop.warnings,
      rejectedCommands: loop.totals.rejectedCommands,
      runMs: Math.round(runMs),
      solveMs: Math.round(optimum.solveMs),
    },
    trace: loop.trace,
  }
}
