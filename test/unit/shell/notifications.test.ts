import { describe, expect, it } from 'vitest'
import { openTarget, showNotification } from '../../../src-main/shell/notifications'
import type { NotificationEvent, NotificationTarget } from '../../../src-shared/model'
import { FakeNotification } from '../../fakes/electron'

const event: NotificationEvent = {
  id: 'batteryWriteRejected-1',
  kind: 'batteryWriteRejected',
  title: 'The battery did not take its new settings',
  body: 'AlphaESS refused them.',
  atMs: 1,
  target: { view: 'settings', section: 'battery' },
}

describe('desktop notifications', () => {
  it('hands the click the event’s target, the popover when it names none', () => {
    const clicked: NotificationTarget[] = []
    expect(showNotification(event, (target) => clicked.push(target))).toBe(true)
    expect(showNotification({ ...event, id: 'spike-1', kind: 'spike', target: undefined }, (target) => clicked.push(target))).toBe(true)
    expect(FakeNotification.instances.map((n) => [n.options, n.shown])).toEqual([
      [{ title: 'The battery did not take its new settings', body: 'AlphaESS refused them.' }, true],
      [{ title: 'The battery did not take its new settings', body: 'AlphaESS refused them.' }, true],
    ])
    FakeNotification.instances[0]!.emit('click')
    FakeNotification.instances[1]!.emit('click')
    expect(clicked).toEqual([{ view: 'settings', section: 'battery' }, { view: 'popover' }])
  })

  it('opens the popover or the settings window at the section', () => {
    const opened: string[] = []
    const openers = { showPopover: () => opened.push('popover'), openSettings: (section: string) => opened.push(`settings:${section}`) }
    openTarget({ view: 'popover' }, openers)
    openTarget({ view: 'settings', section: 'accounts' }, openers)
    expect(opened).toEqual(['popover', 'settings:accounts'])
  })

  it('shows nothing where the desktop has no notification service', () => {
    FakeNotification.supported = false
    expect(showNotification(event)).toBe(false)
    expect(FakeNotification.instances).toHaveLength(0)
  })
})
