import { describe, expect, it } from 'vitest'
import { sourceAlerts, type SourceAlertMemory } from '../../../src-main/core/notify/source-rules'
import type { Freshness, NotificationEvent, SourceStatus } from '../../../src-shared/model'

const meter = (freshness: Freshness, error: string | null = null, ageS: number | null = 30): SourceStatus => ({
  id: 'alpha:meter',
  label: 'AlphaESS meter',
  freshness,
  ageS,
  error,
})
const account = (error = 'Amber rejected the token: create a new one in Amber’s developer settings.'): SourceStatus => ({
  id: 'account:amber',
  label: 'Amber',
  freshness: 'offline',
  ageS: null,
  error,
})

/** One status list per tick; returns every event raised. */
function run(ticks: SourceStatus[][], memory: SourceAlertMemory = {}): NotificationEvent[] {
  const events: NotificationEvent[] = []
  ticks.forEach((sources, i) => {
    const result = sourceAlerts(sources, memory, 1_000 + i * 10_000)
    memory = result.memory
    events.push(...result.events)
  })
  return events
}

const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value)

describe('source notifications', () => {
  it('fires once for an account that cannot start, however many ticks it stays broken', () => {
    const events = run(times(500, [account()]))
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      kind: 'sourceFailing',
      title: 'Amber needs attention',
      body: 'Amber rejected the token: create a new one in Amber’s developer settings.',
      target: { view: 'settings', section: 'accounts' },
    })
  })

  it('fires once when a source goes stale or offline, not while it is merely late', () => {
    expect(run([[meter('fresh')], [meter('late')], [meter('fresh')], [meter('late')]])).toEqual([])
    const stale = run([[meter('fresh')], [meter('late')], [meter('stale', null, 300)], ...times(50, [meter('stale', null, 400)])])
    expect(stale).toHaveLength(1)
    expect(stale[0]).toMatchObject({ title: 'AlphaESS meter has gone quiet', target: { view: 'popover' } })
    expect(stale[0]!.body).toMatch(/^No new data for 5 min\./)
    const offline = run([[meter('fresh')], ...times(20, [meter('offline', 'Could not reach AlphaESS: timeout. Sunspill keeps trying.', 900)])])
    expect(offline).toHaveLength(1)
    expect(offline[0]).toMatchObject({ title: 'AlphaESS meter is offline', target: { view: 'settings', section: 'accounts' } })
    expect(offline[0]!.body).toBe('Could not reach AlphaESS: timeout. Sunspill keeps trying. No new data for 15 min.')
  })

  it('fires again only after the source recovered (fresh, not just late) and failed again', () => {
    const wavering = run([[meter('stale')], [meter('late')], [meter('stale')], [meter('late')], [meter('offline', 'Down')]])
    expect(wavering).toHaveLength(1)
    const recovered = run([[meter('stale')], [meter('fresh')], [meter('late')], [meter('stale')]])
    expect(recovered).toHaveLength(2)
    expect(new Set(recovered.map((e) => e.id)).size).toBe(2)
  })

  it('says nothing before a source has been read at all', () => {
    expect(run([[meter('offline', null, null)]])).toEqual([])
  })

  it('keeps sources apart and forgets a source that is gone (its account removed)', () => {
    const both = [account(), meter('stale')]
    expect(run([both, both, [meter('stale')], [meter('stale')]])).toHaveLength(2)
    expect(run([both, [meter('stale')], both]).map((e) => e.title)).toEqual(['Amber needs attention', 'AlphaESS meter has gone quiet', 'Amber needs attention'])
  })
})
