/**
 * `npm run bench`: the app's control loop against every shipped scenario, with the
 * perfect-foresight optimum beside it. Options:
 *   --scenario FILE   run one scenario file (repeatable) instead of resources/bench-scenarios
 *   --json            print the results as JSON instead of the table
 *   --trace DIR       also write each scenario's tick-by-tick trace as CSV into DIR
 * Always exits 0 when the scenarios ran, even when targets fail: it is a benchmark, not a test.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { runScenario, type ScenarioResult } from './bench'
import { formatFailures, formatSummary, formatTable, summarise, toJson } from './report'
import { makeScenarios, scenarioJson } from './make-scenarios'
import { parseScenario, parseScenarioText, ScenarioError, type Scenario } from './scenario'
import type { TraceRow } from './run-loop'

export const USAGE = `Usage: npm run bench -- [--scenario FILE]... [--json] [--trace DIR]

Runs Sunspill's control loop against simulated homes in accelerated time and prints each
scenario's figures beside the perfect-foresight optimum (a MILP solved with HiGHS).

  --scenario FILE  run this scenario file (JSON, see the README's Benchmark section);
                   repeat for several; default: every file in resources/bench-scenarios
  --json           print machine-readable results instead of the table
  --trace DIR      write a CSV per scenario with the loop's decision every 10 s
  --write-scenarios DIR
                   write the shipped scenarios again from their generator
                   (src-main/bench/make-scenarios.ts) into DIR, and stop
  --help           show this text`

interface Options {
  files: string[]
  json: boolean
  traceDir: string | null
  writeDir: string | null
}

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Options {
  const options: Options = { files: [], json: false, traceDir: null, writeDir: null }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`)
      return v
    }
    if (arg === '--scenario') options.files.push(value())
    else if (arg.startsWith('--scenario=')) options.files.push(arg.slice('--scenario='.length))
    else if (arg === '--json') options.json = true
    else if (arg === '--trace') options.traceDir = value()
    else if (arg === '--write-scenarios') options.writeDir = value()
    else throw new UsageError(`Unknown option ${arg}`)
  }
  return options
}

export function shippedScenarioDir(): string {
  // out/bench/index.js → the repository's resources folder.
  return resolve(__dirname, '..', '..', 'resources', 'bench-scenarios')
}

function loadScenarios(files: string[]): Scenario[] {
  const paths = files.length
    ? files.map((f) => resolve(process.cwd(), f))
    : readdirSync(shippedScenarioDir())
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(shippedScenarioDir(), f))
  return paths.map((path) => {
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new ScenarioError(`Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`)
    }
    return parseScenarioText(text, basename(path))
  })
}

function traceCsv(rows: TraceRow[]): string {
  const head = 'time,pvW,houseW,evW,batteryW,gridW,worstPhaseA,state,targetA,reason'
  const quote = (v: string | null) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`)
  return [head, ...rows.map((r) => [new Date(r.atMs).toISOString(), r.pvW, r.houseW, r.evW, r.batteryW, r.gridW, r.worstPhaseA, r.state ?? '', r.targetA ?? '', quote(r.reason)].join(','))].join('\n')
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help')) {
    console.log(USAGE)
    return 0
  }
  let options: Options
  let scenarios: Scenario[]
  try {
    options = parseArgs(argv)
    if (options.writeDir) {
      mkdirSync(options.writeDir, { recursive: true })
      for (const s of makeScenarios()) {
        parseScenario(s, s.name)
        writeFileSync(join(options.writeDir, `${s.name}.json`), scenarioJson(s))
      }
      console.log(`Wrote ${makeScenarios().length} scenarios to ${options.writeDir}`)
      return 0
    }
    scenarios = loadScenarios(options.files)
  } catch (error) {
    if (error instanceof UsageError) console.error(`${error.message}\n\n${USAGE}`)
    else console.error(error instanceof Error ? error.message : String(error))
    return 2
  }
  const started = performance.now()
  const results: ScenarioResult[] = []
  for (const s of scenarios) {
    process.stderr.write(`bench: ${s.name} … `)
    const { result, trace } = await runScenario(s, { trace: options.traceDir !== null })
    process.stderr.write(`loop ${(result.runMs / 1000).toFixed(1)} s, optimum ${(result.solveMs / 1000).toFixed(1)} s\n`)
    results.push(result)
    if (options.traceDir) {
      mkdirSync(options.traceDir, { recursive: true })
      writeFileSync(join(options.traceDir, `${s.name}.csv`), traceCsv(trace))
    }
  }
  process.stderr.write(`bench: ${scenarios.length} scenario(s) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
  if (options.json) {
    console.log(toJson(results))
    return 0
  }
  console.log(formatTable(results))
  const failures = formatFailures(results)
  console.log('')
  if (failures) console.log(`Targets not met and notes:\n${failures}\n`)
  console.log(formatSummary(summarise(results)))
  return 0
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exitCode = 1
  },
)
