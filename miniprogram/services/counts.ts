// 盘点: counts of one warehouse, scans into them, review and posting.
import type { ActionInput } from '../../typings/api';
import type { AdjustmentReason } from '../../typings/models';
import { call } from './api';
import { productsService } from './products';

export const countsService = {
  list: (status: ActionInput<'count.list'>['status'], page: number, pageSize: number) => call('count.list', { status, page, pageSize }),
  get: (id: string) => call('count.get', { id }),
  create: (input: ActionInput<'count.create'>) => call('count.create', input),
  scan: (input: ActionInput<'count.scan'>) => call('count.scan', input),
  reason: (countId: string, productId: string, reason: AdjustmentReason | null) => call('count.reason', { countId, productId, reason }),
  step: (step: 'submit' | 'reopen' | 'cancel', id: string, requestId: string) => call(`count.${step}`, { id, requestId, note: '' }),
  post: (id: string, requestId: string, uncounted: 'keep' | 'zero') => call('count.post', { id, requestId, uncounted, note: '' }),
  lines: (id: string, filter: 'all' | 'diff', page: number, pageSize: number) => call('count.lines', { id, filter, page, pageSize }),
  uncounted: (id: string, page: number, pageSize: number) => call('count.uncounted', { id, page, pageSize }),
};

/** Why a counted line differs, in the order a merchant thinks of them. */
export const COUNT_REASONS: { reason: AdjustmentReason; name: string }[] = [
  { reason: 'damage', name: '报损' },
  { reason: 'loss', name: '丢失' },
  { reason: 'expired', name: '过期' },
  { reason: 'found', name: '盘盈' },
  { reason: 'correction', name: '录入更正' },
];

/** Vant tag type per count status. */
export const COUNT_STATUS_TAG: Record<string, string> = { counting: 'primary', review: 'warning', posting: 'danger', posted: 'success', cancelled: 'default' };

/**
 * The shop's product categories (for a count of one category). The api has no category list: the
 * active products are read 100 at a time, at most 10 pages; a category beyond them can be typed.
 */
export async function shopCategories(): Promise<string[]> {
  const seen = new Set<string>();
  for (let page = 1; page <= 10; page++) {
    const r = await productsService.list({ page, pageSize: 100 });
    for (const p of r.items) if (p.category) seen.add(p.category);
    if (!r.hasMore) break;
  }
  return [...seen].sort((a, b) => a.localeCompare(b, 'zh'));
}

export const countPageUrl = (page: 'count-session' | 'count-review', id: string) => `/packages/stock/pages/${page}/index?id=${encodeURIComponent(id)}`;
