import { describe, expect, it } from 'vitest'
import type { ChargerFieldView } from '../../../src-shared/model'
import { capabilitySummary, chargerNavTestId, displayValue, fieldText, parseFieldInput } from '../../../src-renderer/settings/chargerPage'
import { sectionOrder } from '../../../src-renderer/settings/settingsForm'

function field(over: Partial<ChargerFieldView>): ChargerFieldView {
  return { id: 'f', label: 'Maximum current', kind: 'number', unit: 'A', min: 6, max: 32, step: 1, options: null, help: null, value: 16, writable: true, error: null, ...over }
}

describe('charger pages', () => {
  it('sit in the sidebar after Battery, with stable test ids', () => {
    expect(sectionOrder).toEqual(['accounts', 'site', 'control', 'battery', 'notifications', 'history', 'remote', 'about'])
    expect(chargerNavTestId('wallbox-p3m8zt:charger')).toBe('settings-nav-charger-wallbox-p3m8zt-charger')
    expect(chargerNavTestId('andersen/A2 00451')).toBe('settings-nav-charger-andersen-A2-00451')
  })

  it('summarise what a charger can do', () => {
    expect(capabilitySummary({ current: { minA: 6, maxA: 32, stepA: 1 }, switchable: true, phases: 1 }, true)).toBe(
      'Single-phase · 6–32 A in 1 A steps · can pause and resume · lockable',
    )
    expect(capabilitySummary({ current: null, switchable: false, phases: 3 }, false)).toBe('Three-phase · fixed current')
  })

  it('check typed numbers against the field’s own limits, in words', () => {
    expect(parseFieldInput(field({}), '20')).toEqual({ ok: true, value: 20 })
    expect(parseFieldInput(field({}), '40')).toEqual({ ok: false, error: 'Maximum current must be a number from 6 to 32 A' })
    expect(parseFieldInput(field({}), '')).toEqual({ ok: false, error: 'Maximum current needs a number from 6 to 32 A' })
    expect(parseFieldInput(field({ step: 2 }), '9')).toEqual({ ok: false, error: 'Maximum current goes in steps of 2 A' })
    const price = field({ label: 'Energy cost', unit: '$/kWh', min: 0, max: 2, step: 0.01 })
    expect(parseFieldInput(price, '0.31')).toEqual({ ok: true, value: 0.31 })
    expect(parseFieldInput(field({ min: null, max: null, step: null }), '1e3')).toEqual({ ok: true, value: 1000 })
  })

  it('check selects and pass text through', () => {
    const select = field({ kind: 'select', unit: null, options: [{ value: 'off', label: 'Off' }, { value: 'eco', label: 'Eco mode' }], value: 'eco' })
    expect(parseFieldInput(select, 'eco')).toEqual({ ok: true, value: 'eco' })
    expect(parseFieldInput(select, 'turbo').ok).toBe(false)
    expect(displayValue(select)).toBe('Eco mode')
    expect(parseFieldInput(field({ kind: 'text' }), ' x ')).toEqual({ ok: true, value: ' x ' })
    expect(parseFieldInput(field({ kind: 'boolean' }), 'true')).toEqual({ ok: true, value: true })
  })

  it('show read-only values as people read them', () => {
    expect(displayValue(field({}))).toBe('16 A')
    expect(displayValue(field({ kind: 'boolean', value: false }))).toBe('Off')
    expect(displayValue(field({ value: null, error: 'Could not read it.' }))).toBe('Unknown')
    expect(displayValue(field({ value: null }))).toBe('—')
    expect(fieldText(field({ value: null }))).toBe('')
  })
})
