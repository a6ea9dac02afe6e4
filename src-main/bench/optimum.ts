/**
 * The physical limit: what a controller with perfect foresight could have done in the same
 * home, solved as a mixed-integer linear program with HiGHS (the `highs` package, HiGHS compiled
 * to WebAssembly).
 *
 * Formulation. The horizon is cut into slots of `optimum.slotMin` minutes (Δ hours each); every
 * power is the slot's average, in W; energy is power × Δ, in Wh. Per slot t, from the scenario
 * evaluated second by second: PV_t, house H_t, X_t = mean(max(0, PV − H)) (PV left after the
 * house), D_t = mean(max(0, H − PV)) (house load PV cannot cover), the plugged fraction f_t of
 * the slot, the mean import and feed-in prices, and for each phase p the slot's worst
 * K_tp = max((share_p·H − PV/n)/V) (the house's own current on that phase).
 *
 * Variables per slot: u_t ∈ {0,1} the car charging; ev_t its power; i_t ∈ ℤ its current (whole
 * amps, as the simulated charger takes, except on a phase-switching charger); s_t solar into the car;
 * de_t battery into the car; dh_t battery into the house; pb_t PV into the battery; px_t export;
 * e_t battery energy at the end of the slot; y_t ∈ [0,1] a start. One `short` for the energy
 * missing at departure.
 *
 * Constraints:
 *   charger   f_t·Pmin·u_t ≤ ev_t ≤ f_t·Pmax·u_t, Pmin/Pmax = min/max current × car phases × V
 *             (on/off charger: ev_t = f_t·Pon·u_t); u_t = 0 while the car is away; with whole
 *             amps ev_t = f_t·phases·V·i_t and min·u_t ≤ i_t ≤ max·u_t
 *   car       Σ ev_t·Δ ≤ car capacity;  Σ ev_t·Δ + short ≥ need (departure target, soft with a
 *             big penalty so an infeasible target still gives an answer)
 *   PV        s_t + pb_t + px_t = X_t  (≤ X_t where the inverter may curtail: negative feed-in
 *             on a site that curtails); the house takes PV first
 *   car power s_t + de_t ≤ ev_t (the rest, ev − s − de, is imported)
 *   house     dh_t ≤ D_t (the rest, D − dh, is imported)
 *   battery   e_t = e_{t−1} + ηc·pb_t·Δ − (dh_t + de_t)·Δ/ηd; SOC window; pb_t ≤ max charge;
 *             dh_t + de_t ≤ max discharge. The battery charges only from PV and discharges only
 *             into the house and the car (no grid charging, no battery export). Unlike the
 *             simulated AlphaESS it may choose when to charge and discharge: a relaxation, so the
 *             optimum stays an upper bound.
 *   fuse      for each phase p the car uses: K_tp + share_p·ev_t/V − (dh_t + de_t − pb_t)/(n·V)
 *             ≤ max(fuse, K_tp): no second above the fuse, even at the slot's worst house load
 *   switching y_t ≥ u_t − u_{t−1}; Σ y over any hour ≤ 3 (the same cap the loop is held to)
 *   one way   in slots where import is cheaper than feed-in pays, a binary w_t lets the meter
 *             either import or export, not both; where the feed-in is negative, a binary z_t lets
 *             the battery either charge or discharge (else the LP would cycle it to dump PV)
 *
 * Objective (minimise, cents): the site's bill Σ Δ/1000·(import price·import − feed-in price·
 * export), minus the battery energy left at the end valued at the mean import price × ηd (so
 * neither side gains by emptying the battery), plus 100 c/Wh missing at departure, plus per goal:
 *   goal "solar": 1000 c/kWh × (non-solar energy into the car − solar energy into the car):
 *                 the most solar in the car, with grid or battery energy spent to catch it only
 *                 when it brings at least as much solar; the bill breaks ties;
 *   goal "cost":  − 0.01 c/kWh × solar into the car: the cheapest charging, then the most solar.
 * The charging cost is the bill with the car minus the bill of the same home without the car
 * (the same LP without the car), both with the battery's end value; the loop's is measured the
 * same way against the simulated home without the car.
 *
 * Seconds above the fuse are zero by construction. Averages within a slot hide sub-slot variation,
 * which makes the optimum a little more generous than anything a real loop can reach; scenarios
 * whose sun changes within minutes (fast clouds) use one-minute slots so the optimum cannot carry
 * a clear spell's sun into the shadow next to it.
 */
import loadHighs from 'highs'
import { batteryEndValueCPerWh, facts, pricesAt, seriesAt, type Scenario } from './scenario'

export const SOLAR_WEIGHT_C_PER_KWH = 1000
export const TIE_BREAK_C_PER_KWH = 0.01
export const SHORTFALL_C_PER_KWH = 100_000
export const MAX_STARTS_PER_HOUR = 3

export interface SlotPlan {
  startMs: number
  evW: number
  solarToEvW: number
  batteryToEvW: number
  on: boolean
}

export interface OptimumResult {
  status: string
  /** Solver time in ms. */
  solveMs: number
  evWh: number
  solarToEvWh: number
  batteryToEvWh: number
  gridToEvWh: number
  /** Bill with the car minus the battery's end value, cents. */
  billCents: number
  /** The same for the home without the car. */
  baselineBillCents: number
  /** billCents − baselineBillCents. */
  costCents: number
  starts: number
  currentChanges: number
  pluggedS: number
  missingWh: number
  fuseOverS: number
  slots: SlotPlan[]
}

interface Slot {
  startMs: number
  pv: number
  house: number
  x: number
  d: number
  plugged: number
  importC: number
  feedInC: number
  curtail: boolean
  /** Worst house current per phase in the slot. */
  k: number[]
}

type Highs = Awaited<ReturnType<typeof loadHighs>>
let highsPromise: Promise<Highs> | null = null
function highs(): Promise<Highs> {
  highsPromise ??= loadHighs()
  return highsPromise
}

function slotsOf(s: Scenario): { slots: Slot[]; deltaH: number } {
  const f = facts(s)
  const slotS = s.optimum.slotMin * 60
  const count = Math.round(f.durationS / slotS)
  const n = f.sitePhases
  const slots: Slot[] = []
  for (let i = 0; i < count; i++) {
    const startMs = f.startMs + i * slotS * 1000
    let pv = 0
    let house = 0
    let x = 0
    let d = 0
    let plugged = 0
    let importC = 0
    let feedInC = 0
    let negativeFeedIn = false
    const k = Array.from({ length: n }, () => Number.NEGATIVE_INFINITY)
    for (let sec = 0; sec < slotS; sec++) {
      const atMs = startMs + sec * 1000
      const minute = (atMs - f.startMs) / 60_000
      const pvW = Math.max(0, seriesAt(s.pvW, minute))
      const houseW = Math.max(0, seriesAt(s.houseW, minute))
      pv += pvW
      house += houseW
      x += Math.max(0, pvW - houseW)
      d += Math.max(0, houseW - pvW)
      if (atMs >= f.arriveMs && atMs < f.departMs) plugged++
      const price = pricesAt(s, f, atMs)
      importC += price.importC
      feedInC += price.feedInC
      if (price.feedInC < 0) negativeFeedIn = true
      for (let p = 0; p < n; p++) k[p] = Math.max(k[p]!, (houseW * f.houseShareByPhase[p]! - pvW / n) / f.voltageV)
    }
    slots.push({
      startMs,
      pv: pv / slotS,
      house: house / slotS,
      x: x / slotS,
      d: d / slotS,
      plugged: plugged / slotS,
      importC: importC / slotS,
      feedInC: feedInC / slotS,
      curtail: s.site.curtailAtNegativeFeedIn && negativeFeedIn,
      k,
    })
  }
  return { slots, deltaH: slotS / 3600 }
}

const num = (v: number): string => {
  if (!Number.isFinite(v)) throw new Error(`not a finite coefficient: ${v}`)
  const r = Math.abs(v) < 1e-12 ? 0 : v
  // Plain decimals: the LP reader needs no exponents then.
  return r.toFixed(9).replace(/\.?0+$/, '') || '0'
}

function terms(list: [number, string][]): string {
  const parts = list.filter(([c]) => Math.abs(c) > 1e-12).map(([c, v], i) => `${c < 0 ? '-' : i === 0 ? '' : '+'} ${num(Math.abs(c))} ${v}`)
  return parts.length ? parts.join(' ') : '0 zero'
}

/** Builds the LP text; exported for the unit tests and for anyone who wants to look at it. */
export function buildModel(s: Scenario, o: { withCar: boolean }): { lp: string; slots: Slot[]; deltaH: number; constC: number; endValueCPerWh: number } {
  const f = facts(s)
  const { slots, deltaH } = slotsOf(s)
  const T = slots.length
  const b = s.battery
  const withCar = o.withCar && f.evMaxA >= f.evMinA
  const V = f.voltageV
  const a = f.evPhases
  const n = f.sitePhases
  const onoff = s.charger.kind === 'onoff'
  const onA = onoff ? Math.min(s.charger.maxA, s.car.maxA) : f.evMaxA
  // A phase-switching charger ranges from the minimum on one phase to the maximum on three; the
  // small gap between one phase's maximum and three phases' minimum is relaxed away, and its
  // phase currents are counted as on three phases (relaxations: the optimum stays an upper bound).
  const pMin = (onoff ? onA : f.evMinA) * (f.evSwitchable ? 1 : a) * V
  const pMax = onA * a * V
  const endValueCPerWh = batteryEndValueCPerWh(s)
  const plugged = (t: number) => withCar && t >= 0 && t < T && slots[t]!.plugged > 0

  const obj: [number, string][] = []
  const rows: string[] = []
  const bounds: string[] = []
  const binaries: string[] = []
  const integers: string[] = []
  let constC = 0
  const k = deltaH / 1000 // W × Δ → kWh

  for (let t = 0; t < T; t++) {
    const x = slots[t]!
    // House import D − dh and car import ev − s − de at the import price; export px at feed-in.
    constC += k * x.importC * x.d
    obj.push([-k * x.feedInC, `px_${t}`])
    if (b) obj.push([-k * x.importC, `dh_${t}`])
    const pvRow: [number, string][] = [[1, `px_${t}`]]
    if (b) pvRow.push([1, `pb_${t}`])
    if (plugged(t)) {
      const solar = s.goal === 'solar' ? SOLAR_WEIGHT_C_PER_KWH : 0
      obj.push([k * (x.importC + solar), `ev_${t}`])
      obj.push([-k * (x.importC + 2 * solar + (s.goal === 'cost' ? TIE_BREAK_C_PER_KWH : 0)), `s_${t}`])
      if (b) obj.push([-k * (x.importC + solar), `de_${t}`])
      pvRow.push([1, `s_${t}`])
      const fp = x.plugged
      if (onoff) rows.push(`evon_${t}: ${terms([[1, `ev_${t}`], [-fp * pMax, `u_${t}`]])} = 0`)
      else if (!f.evSwitchable) {
        rows.push(`evamps_${t}: ${terms([[1, `ev_${t}`], [-fp * a * V, `i_${t}`]])} = 0`)
        rows.push(`ampmin_${t}: ${terms([[1, `i_${t}`], [-f.evMinA, `u_${t}`]])} >= 0`)
        rows.push(`ampmax_${t}: ${terms([[1, `i_${t}`], [-f.evMaxA, `u_${t}`]])} <= 0`)
        bounds.push(`0 <= i_${t} <= ${f.evMaxA}`)
        integers.push(`i_${t}`)
      } else {
        rows.push(`evmin_${t}: ${terms([[1, `ev_${t}`], [-fp * pMin, `u_${t}`]])} >= 0`)
        rows.push(`evmax_${t}: ${terms([[1, `ev_${t}`], [-fp * pMax, `u_${t}`]])} <= 0`)
      }
      const carRow: [number, string][] = [[1, `s_${t}`], [-1, `ev_${t}`]]
      if (b) carRow.push([1, `de_${t}`])
      rows.push(`car_${t}: ${terms(carRow)} <= 0`)
      bounds.push(`0 <= ev_${t} <= ${num(fp * pMax)}`, `0 <= s_${t} <= ${num(x.x)}`, `0 <= y_${t} <= 1`)
      binaries.push(`u_${t}`)
      const prev: [number, string][] = plugged(t - 1) ? [[1, `u_${t - 1}`]] : []
      rows.push(`start_${t}: ${terms([[1, `y_${t}`], [-1, `u_${t}`], ...prev])} >= 0`)
      // Fuse, per phase the car draws on.
      for (let p = 0; p < n; p++) {
        const share = f.evShareByPhase[p]!
        if (share <= 0) continue
        const room = Math.max(s.site.fuseA, x.k[p]!) - x.k[p]!
        const fuse: [number, string][] = [[share / V, `ev_${t}`]]
        if (b) fuse.push([-1 / (n * V), `dh_${t}`], [-1 / (n * V), `de_${t}`], [1 / (n * V), `pb_${t}`])
        rows.push(`fuse_${t}_${p}: ${terms(fuse)} <= ${num(room)}`)
      }
    }
    rows.push(`pv_${t}: ${terms(pvRow)} ${x.curtail ? '<=' : '='} ${num(x.x)}`)
    // Where importing is cheaper than exporting pays, the LP would import and export at once
    // (or cycle the battery to dump PV at a negative feed-in): a meter flows one way at a time,
    // and a battery either charges or discharges. Binaries only in those slots.
    if (x.importC < x.feedInC && x.x > 0) {
      const maxImport = x.d + (plugged(t) ? x.plugged * pMax : 0)
      const imp: [number, string][] = [[maxImport, `w_${t}`]]
      if (plugged(t)) imp.push([1, `ev_${t}`], [-1, `s_${t}`])
      if (b) imp.push([-1, `dh_${t}`])
      if (b && plugged(t)) imp.push([-1, `de_${t}`])
      if (maxImport > 0) rows.push(`oneway_imp_${t}: ${terms(imp)} <= ${num(maxImport - x.d)}`)
      rows.push(`oneway_exp_${t}: ${terms([[1, `px_${t}`], [-x.x, `w_${t}`]])} <= 0`)
      binaries.push(`w_${t}`)
    }
    if (b && x.feedInC < 0) {
      const dis: [number, string][] = [[1, `dh_${t}`], [b.maxDischargeW, `z_${t}`]]
      if (plugged(t)) dis.push([1, `de_${t}`])
      rows.push(`batdir_dis_${t}: ${terms(dis)} <= ${num(b.maxDischargeW)}`)
      rows.push(`batdir_ch_${t}: ${terms([[1, `pb_${t}`], [-b.maxChargeW, `z_${t}`]])} <= 0`)
      binaries.push(`z_${t}`)
    }
    if (b) {
      bounds.push(`0 <= pb_${t} <= ${num(b.maxChargeW)}`, `0 <= dh_${t} <= ${num(Math.min(b.maxDischargeW, x.d))}`)
      if (plugged(t)) bounds.push(`0 <= de_${t} <= ${num(b.maxDischargeW)}`)
      const dis: [number, string][] = [[1, `dh_${t}`]]
      if (plugged(t)) dis.push([1, `de_${t}`])
      rows.push(`dis_${t}: ${terms(dis)} <= ${num(b.maxDischargeW)}`)
      // e_t − e_{t−1} − ηc·Δ·pb + Δ/ηd·(dh + de) = 0
      const soc: [number, string][] = [[1, `e_${t}`], [-b.chargeEfficiency * deltaH, `pb_${t}`], [deltaH / b.dischargeEfficiency, `dh_${t}`]]
      if (plugged(t)) soc.push([deltaH / b.dischargeEfficiency, `de_${t}`])
      let rhs = 0
      if (t > 0) soc.push([-1, `e_${t - 1}`])
      else rhs = (b.capacityWh * b.socPct) / 100
      rows.push(`soc_${t}: ${terms(soc)} = ${num(rhs)}`)
      bounds.push(`${num((b.capacityWh * b.minSocPct) / 100)} <= e_${t} <= ${num((b.capacityWh * b.maxSocPct) / 100)}`)
    }
  }
  if (b && T > 0) obj.push([-endValueCPerWh, `e_${T - 1}`])

  const pluggedSlots = slots.map((_, t) => t).filter(plugged)
  if (pluggedSlots.length) {
    // Starts in any hour.
    const w = Math.max(1, Math.round(60 / s.optimum.slotMin))
    for (const t of pluggedSlots) {
      const window = pluggedSlots.filter((u) => u > t - w && u <= t)
      if (window.length > MAX_STARTS_PER_HOUR) rows.push(`hour_${t}: ${terms(window.map((u) => [1, `y_${u}`] as [number, string]))} <= ${MAX_STARTS_PER_HOUR}`)
    }
    const energy = pluggedSlots.map((t) => [deltaH, `ev_${t}`] as [number, string])
    rows.push(`room: ${terms(energy)} <= ${num(s.car.capacityWh)}`)
    if (s.car.needWh > 0) {
      rows.push(`need: ${terms([...energy, [1, 'short']])} >= ${num(s.car.needWh)}`)
      obj.push([SHORTFALL_C_PER_KWH / 1000, 'short'])
      bounds.push('short >= 0')
    }
  }

  const lp = [
    'Minimize',
    ` obj: ${terms(obj)}`,
    'Subject To',
    ...rows.map((r) => ` ${r}`),
    'Bounds',
    ...bounds.map((r) => ` ${r}`),
    ...(integers.length ? ['General', ` ${integers.join(' ')}`] : []),
    ...(binaries.length ? ['Binaries', ` ${binaries.join(' ')}`] : []),
    'End',
  ].join('\n')
  return { lp, slots, deltaH, constC, endValueCPerWh }
}

interface Solved {
  status: string
  solveMs: number
  value: (name: string) => number
  billCents: number
}

async function solveModel(s: Scenario, withCar: boolean): Promise<Solved & ReturnType<typeof buildModel>> {
  const model = buildModel(s, { withCar })
  const h = await highs()
  const started = performance.now()
  const result = h.solve(model.lp, { output_flag: false, mip_rel_gap: 1e-5, time_limit: 120 })
  const solveMs = performance.now() - started
  const usable = result.Status === 'Optimal' || (result.Status === 'Time limit reached' && Object.keys(result.Columns).length > 0)
  if (!usable) throw new Error(`HiGHS could not solve the optimum for ${s.name}: ${result.Status}`)
  const cols = result.Columns as Record<string, { Primal?: number }>
  const value = (name: string) => cols[name]?.Primal ?? 0
  // The bill with the battery's end value, recomputed from the primal values.
  const { slots, deltaH, endValueCPerWh } = model
  const k = deltaH / 1000
  let bill = 0
  slots.forEach((x, t) => {
    const houseImport = x.d - value(`dh_${t}`)
    const carImport = value(`ev_${t}`) - value(`s_${t}`) - value(`de_${t}`)
    bill += k * (x.importC * (houseImport + carImport) - x.feedInC * value(`px_${t}`))
  })
  if (s.battery && slots.length) bill -= endValueCPerWh * value(`e_${slots.length - 1}`)
  return { ...model, status: result.Status, solveMs, value, billCents: bill }
}

export async function solveOptimum(s: Scenario): Promise<OptimumResult> {
  const f = facts(s)
  const [car, none] = [await solveModel(s, true), await solveModel(s, false)]
  const { slots, deltaH, value } = car
  const V = f.voltageV * f.evPhases
  const plan: SlotPlan[] = slots.map((x, t) => ({
    startMs: x.startMs,
    evW: value(`ev_${t}`),
    solarToEvW: value(`s_${t}`),
    batteryToEvW: value(`de_${t}`),
    on: value(`u_${t}`) > 0.5,
  }))
  let starts = 0
  let changes = 0
  plan.forEach((p, t) => {
    const prev = plan[t - 1]
    if (p.on && !prev?.on) starts++
    else if (p.on && prev?.on && Math.abs(p.evW - prev.evW) / V >= 0.5) changes++
  })
  const evWh = plan.reduce((sum, p) => sum + p.evW * deltaH, 0)
  const solarToEvWh = plan.reduce((sum, p) => sum + p.solarToEvW * deltaH, 0)
  const batteryToEvWh = plan.reduce((sum, p) => sum + p.batteryToEvW * deltaH, 0)
  return {
    status: car.status,
    solveMs: car.solveMs + none.solveMs,
    evWh,
    solarToEvWh,
    batteryToEvWh,
    gridToEvWh: Math.max(0, evWh - solarToEvWh - batteryToEvWh),
    billCents: car.billCents,
    baselineBillCents: none.billCents,
    costCents: car.billCents - none.billCents,
    starts,
    currentChanges: changes,
    pluggedS: Math.round((f.departMs - f.arriveMs) / 1000),
    missingWh: s.car.needWh > 0 ? value('short') : 0,
    fuseOverS: 0,
    slots: plan,
  }
}
