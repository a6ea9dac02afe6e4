/**
 * The contract's channel names as plain strings. The preload runs sandboxed, where require()
 * only knows a few modules, so it must not pull in the zod schemas; the types below fail to
 * compile if this list and src-shared/contract drift apart.
 */
import type { EventChannel, InvokeChannel } from '../../src-shared/contract'

export const invokeChannelList = [
  'state:get',
  'charger:setMode',
  'charger:setEnabled',
  'charger:setLimit',
  'charger:details',
  'charger:sessions',
  'charger:setField',
  'charger:runAction',
  'charger:setLocked',
  'charger:saveSchedules',
  'charger:takeControl',
  'settings:get',
  'settings:save',
  'accounts:test',
  'accounts:save',
  'accounts:remove',
  'accounts:action',
  'accounts:insights',
  'battery:get',
  'battery:save',
  'app:info',
  'app:logTail',
  'app:openSettings',
  'app:hidePopover',
  'history:today',
  'history:sessions',
  'history:stats',
  'history:exportCsv',
  'history:importView',
  'history:import',
  'history:importCancel',
  'remote:get',
  'remote:test',
  'remote:connect',
  'remote:disconnect',
] as const satisfies readonly InvokeChannel[]

export const eventChannelList = ['state:update', 'settings:changed', 'notification', 'remote:status'] as const satisfies readonly EventChannel[]

// Compile-time completeness: a channel added to the contract but not listed here is an error.
type Missing<All, Listed> = Exclude<All, Listed>
const everyInvokeChannelListed: Missing<InvokeChannel, (typeof invokeChannelList)[number]> extends never ? true : never = true
const everyEventChannelListed: Missing<EventChannel, (typeof eventChannelList)[number]> extends never ? true : never = true
void everyInvokeChannelListed
void everyEventChannelListed
