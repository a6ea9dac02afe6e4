/** What the History page says of the demo home's simulated data. */
import { describe, expect, it } from 'vitest'
import { demoNote, exportMessage, pageDemo } from '../../../src-renderer/settings/historyModel'

describe('the History page and the demo home', () => {
  it('labels simulated figures, says when they are left out, and is silent without any', () => {
    expect(demoNote('shown')).toMatch(/^The demo home: .*simulated, not measured at your home/)
    expect(demoNote('hidden')).toMatch(/left out.*your own/)
    expect(demoNote('none')).toBeNull()
  })

  it('takes the page’s word from its answers, a simulated one first', () => {
    expect(pageDemo([{ demo: 'none' }, { demo: 'hidden' }, { demo: 'shown' }])).toBe('shown')
    expect(pageDemo([{ demo: 'none' }, { demo: 'hidden' }])).toBe('hidden')
    expect(pageDemo([{ demo: 'none' }])).toBe('none')
    expect(pageDemo([])).toBe('none')
  })

  it('says an export of simulated rows is the demo’s', () => {
    expect(exportMessage({ filename: 'a.csv', rows: 2, demo: 'shown' })).toBe('Saved a.csv: 2 rows. Simulated by the demo home.')
    expect(exportMessage({ filename: 'a.csv', rows: 1, demo: 'hidden' })).toBe('Saved a.csv: 1 row.')
    expect(exportMessage({ filename: 'a.csv', rows: 0, demo: 'shown' })).toBe('Saved a.csv: 0 rows.')
  })
})
