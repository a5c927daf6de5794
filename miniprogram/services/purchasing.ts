// 采购: orders, receipts against them, returns to suppliers, payments and payables.
import type { ActionInput } from '../../typings/api';
import { ApiError, call, newRequestId } from './api';

export const purchasingService = {
  list: (input: ActionInput<'purchase.list'>) => call('purchase.list', input),
  get: (id: string) => call('purchase.get', { id }),
  create: (input: ActionInput<'purchase.create'>) => call('purchase.create', input),
  update: (input: ActionInput<'purchase.update'>) => call('purchase.update', input),
  step: (step: OrderStep, id: string, requestId: string, note = '') => call(`purchase.${step}`, { id, requestId, note }),
  receive: (input: ActionInput<'purchase.receive'>) => call('purchase.receive', input),
  returnGoods: (input: ActionInput<'purchase.return'>) => call('purchase.return', input),
  fromSuggestions: (input: ActionInput<'purchase.fromSuggestions'>) => call('purchase.fromSuggestions', input),
  payables: () => call('purchase.payables', {}),
  statement: (supplierId: string, from: string, to: string) => call('purchase.statement', { supplierId, from, to }),
  pay: (input: ActionInput<'purchase.pay'>) => call('purchase.pay', input),
  suppliers: (input: ActionInput<'suppliers.list'>) => call('suppliers.list', input),
  supplier: (id: string) => call('suppliers.detail', { id }),
  /** Sends every field: the contract fills a missing one with its default, so a partial save would blank it. */
  saveSupplier: (input: ActionInput<'suppliers.save'>) => call('suppliers.save', input),
};

export type OrderStep = 'submit' | 'approve' | 'reject' | 'cancel' | 'close';

/**
 * One request id per pending write (keyed by what the button does): a retry after a network error
 * reuses it, so the write applies once; after an answer (success or refusal) the next tap is a new
 * request. The same rule as the scan-document behavior.
 */
export class RequestIds {
  private ids: Record<string, string> = {};
  of(key: string): string {
    if (!this.ids[key]) this.ids[key] = newRequestId();
    return this.ids[key];
  }
  /** After the call: keeps the id only when the server may not have seen the request. */
  settle(key: string, error?: unknown): void {
    const unanswered = error !== undefined && !(error instanceof ApiError && error.code !== 'E_INTERNAL');
    if (!unanswered) delete this.ids[key];
  }
  /** Runs a write with the key's id and settles it. */
  async run<T>(key: string, write: (requestId: string) => Promise<T>): Promise<T> {
    try {
      const r = await write(this.of(key));
      this.settle(key);
      return r;
    } catch (e) {
      this.settle(key, e);
      throw e;
    }
  }
}

const perPage = new WeakMap<object, RequestIds>();
/** The request ids of one page instance (pages are Component()s: no typed instance fields). */
export function requestIdsOf(page: object): RequestIds {
  let ids = perPage.get(page);
  if (!ids) perPage.set(page, (ids = new RequestIds()));
  return ids;
}

/** Today in China time (the shop's day), YYYY-MM-DD. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A query value as text (WeChat may leave query values encoded; a malformed one stays as it is). */
export function queryText(v: string | undefined): string {
  try {
    return decodeURIComponent(v ?? '');
  } catch {
    return v ?? '';
  }
}

/** Vant tag type per order status, so every purchase page colours a status the same way. */
export const STATUS_TAG: Record<string, string> = {
  draft: 'default',
  submitted: 'warning',
  approved: 'primary',
  partially_received: 'warning',
  received: 'success',
  closed: 'default',
  cancelled: 'default',
};

/** 2026-11-23T02:05:00.000Z → "2026-11-23 10:05" (China time, as the shop reads its day). */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
