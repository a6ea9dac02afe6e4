import type { NotificationKind } from '../../src-shared/model'

/** Pure text behind the Notifications section. */

/** One switch per kind, in the order the section lists them. */
export const notificationKindRows: { kind: NotificationKind; label: string; hint: string }[] = [
  { kind: 'spike', label: 'Price spikes', hint: 'When the price reaches your alert level, or Amber calls a spike.' },
  { kind: 'potential', label: 'Spike warnings', hint: 'When a spike looks likely within the hour: when, and how high.' },
  { kind: 'negative', label: 'Negative prices', hint: 'When you are paid to use power.' },
  { kind: 'carFinished', label: 'Car charged', hint: 'When a car that was charging is full or reached its own limit.' },
  { kind: 'chargingStopped', label: 'Charging stopped', hint: 'When a car stops taking power while Sunspill wants it charging and it is not full.' },
  { kind: 'sourceFailing', label: 'Source or account problems', hint: 'When a source stops reporting or an account fails; again only after it has recovered.' },
  { kind: 'batteryWriteRejected', label: 'Battery settings refused', hint: 'When the home battery does not take settings you saved.' },
  {
    kind: 'controlReleased',
    label: 'Sunspill stops controlling a charger',
    hint: 'When a charger is changed outside Sunspill, or every source has been silent so long that the chargers were handed off.',
  },
]

/** The kinds that still notify during quiet hours (core/notify/quiet-hours.ts decides; a test keeps the two equal). */
export const QUIET_HOURS_BREAK_THROUGH: readonly NotificationKind[] = ['spike', 'chargingStopped', 'batteryWriteRejected']

/** What gets through quiet hours, in words. */
export const QUIET_HOURS_RULE =
  'During quiet hours only price spikes, a charge that stopped unexpectedly and a battery that refused its settings still notify. ' +
  'Everything else is skipped, not saved for later; the popover and the tray icon keep showing problems. ' +
  'Times follow the site’s clock (Settings → Site) and may cross midnight.'

function minutes(time: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time)
  return match ? Number(match[1]) * 60 + Number(match[2]) : null
}

/** "22:00 to 07:00, overnight: 9 h" — or null when a time is not valid yet. */
export function quietHoursSummary(start: string, end: string): string | null {
  const from = minutes(start)
  const to = minutes(end)
  if (from === null || to === null || from === to) return null
  const length = (to - from + 24 * 60) % (24 * 60)
  const h = Math.floor(length / 60)
  const m = length % 60
  const span = m === 0 ? `${h} h` : h === 0 ? `${m} min` : `${h} h ${m} min`
  return `${start} to ${end}${to < from ? ', overnight' : ''}: ${span} every day.`
}
