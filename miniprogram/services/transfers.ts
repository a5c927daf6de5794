// 调拨: transfers between the shop's warehouses.
import type { ActionInput } from '../../typings/api';
import { call } from './api';

export const transfersService = {
  list: (input: ActionInput<'transfer.list'>) => call('transfer.list', input),
  get: (id: string) => call('transfer.get', { id }),
  /** with post: true, also 调拨 (one step) or 发货 (two steps) in the same request */
  create: (input: ActionInput<'transfer.create'>) => call('transfer.create', input),
  step: (step: TransferStep, id: string, requestId: string) => call(`transfer.${step}`, { id, requestId }),
  receive: (input: ActionInput<'transfer.receive'>) => call('transfer.receive', input),
};

export type TransferStep = 'post' | 'ship' | 'cancel';

/** Vant tag type per transfer status, the same on every transfer page. */
export const TRANSFER_TAG: Record<string, string> = {
  draft: 'default',
  in_transit: 'warning',
  completed: 'success',
  received: 'success',
  cancelled: 'default',
};
