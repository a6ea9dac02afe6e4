import { describe, expect, it } from 'vitest'
import { allowanceTexts, co2Text, descriptorText, energyText, moneyText, sharedFailure, treesText } from '../../../src-renderer/settings/AccountInsights'

describe('"What this account sees" figures', () => {
  it('reads as a person would say them, with a dash for what the vendor did not give', () => {
    expect(energyText(17003.14)).toBe('17 MWh')
    expect(energyText(1_234_567)).toBe('1,234.6 MWh')
    expect(energyText(24.6)).toBe('24.6 kWh')
    expect(energyText(0.42)).toBe('420 Wh')
    expect(energyText(null)).toBe('—')
    expect(co2Text(14622.7)).toBe('14.6 t')
    expect(co2Text(812.4)).toBe('812 kg')
    expect(treesText(2911.1488)).toBe('2,911')
    expect(descriptorText('notGreat')).toBe('not great')
    expect(descriptorText('brandNew')).toBe('brandNew')
  })

  it("shows money in the currency AlphaESS names, even one the browser does not know", () => {
    expect(moneyText(4263.64, 'EUR')).toMatch(/^EUR\s4,263\.64$/)
    expect(moneyText(12.5, 'XX1')).toBe('12.50 XX1')
    expect(moneyText(null, 'AUD')).toBe('—')
  })

  it('says how much allowance is left, when the window turns over and how old that is', () => {
    expect(allowanceTexts({ limit: 50, remaining: 42, resetInS: 200, windowS: 300, seenAgoS: 12 })).toEqual({
      left: '42 of 50',
      reset: 'in 3 min 20 s',
      seen: '12 s ago',
    })
    expect(allowanceTexts({ limit: 50, remaining: 0, resetInS: 0, windowS: 300, seenAgoS: 400 }).reset).toBe('has reset since')
    expect(allowanceTexts({ limit: null, remaining: null, resetInS: null, windowS: null, seenAgoS: null })).toEqual({ left: '—', reset: '—', seen: '—' })
  })

  it('says a reason once when every part failed for it, and not when only one did', () => {
    const revoked = { ok: false as const, message: 'Amber rejected the API token.' }
    expect(sharedFailure([revoked, revoked])).toBe('Amber rejected the API token.')
    expect(sharedFailure([revoked, { ok: true as const, value: 1 }])).toBeNull()
    expect(sharedFailure([revoked, undefined])).toBeNull()
  })
})
