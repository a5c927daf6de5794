// Stock counts (盘点单): the document type (its status machine), the plan a posting applies, and
// what a page sees. Counting happens on count_lines (one document per product, merged over every
// counter); the count document itself changes only on steps, so clerks scanning never contend on it.
import Decimal from 'decimal.js';
import type { CountLineView, CountUncountedRow, CountView } from '../../typings/api/counts';
import type { AdjustmentReason, CountLine, CountPlanEntry, CountScope, Role, Shop, StockBalance, StockCount, StockCountStatus } from '../../typings/models';
import { COUNT_STATUS_LABELS } from '../../typings/models';
import { AppError } from '../core/errors';
import { canSeeCost, warehouseName } from '../core/shop';
import type { DocumentType } from '../documents/machine';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;

/**
 * Plan entries per posting. Measured (bench/counts.ts): one posting of k one-batch products costs
 * 4k+4 requests in one transaction; 100 entries stay far inside the cloud's 30-second transaction
 * and keep a posting document small. A 2,000-product count posts as 20 parts.
 */
export const COUNT_PART_LINES = 100;

export const OPEN_COUNT_STATUSES: StockCountStatus[] = ['counting', 'review', 'posting'];

export const STOCK_COUNT: DocumentType<StockCountStatus, StockCount> = {
  coll: 'counts',
  noun: '盘点单',
  statusLabels: COUNT_STATUS_LABELS,
  machine: {
    submit: { label: '提交审核', from: ['counting'], roles: ALL, to: () => 'review' },
    reopen: { label: '继续盘点', from: ['review'], roles: MANAGERS, to: () => 'counting' },
    cancel: { label: '作废', from: ['counting', 'review'], roles: MANAGERS, to: () => 'cancelled' },
    /** the plan is frozen; parts follow */
    post: {
      label: '过账',
      from: ['review'],
      roles: MANAGERS,
      to: (c) => (c.parts === 0 ? 'posted' : 'posting'),
    },
    /** one part of the plan, in the posting's own transaction */
    postPart: { label: '分批过账', from: ['posting'], roles: MANAGERS, to: (c) => (c.postedParts >= c.parts ? 'posted' : 'posting') },
  },
};

export const countLineId = (countId: string, productId: string) => `${countId}_${productId}`;

const REASON_LABELS: Record<AdjustmentReason, string> = { damage: '报损', loss: '丢失', expired: '过期', found: '盘盈', correction: '录入更正' };

export function scopeText(scope: CountScope): string {
  if (scope.kind === 'all') return '全部商品';
  if (scope.kind === 'category') return `分类：${scope.category}`;
  return `指定 ${scope.productIds.length} 个商品`;
}

/** Is the product one this count covers? */
export function inScope(scope: CountScope, product: { _id: string; category: string }): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'category') return product.category === scope.category;
  return scope.productIds.includes(product._id);
}

/** Book quantities and differences are the count's secret for clerks when it is blind. */
export const seesBook = (count: Pick<StockCount, 'blind'>, role: Role) => !count.blind || role !== 'clerk';

export function lineView(line: CountLine, count: Pick<StockCount, 'blind'>, role: Role, unitCost?: string): CountLineView {
  const { bookQty, requestIds, batches, shopId, ...rest } = line;
  void requestIds;
  void shopId;
  const book = seesBook(count, role);
  const diffQty = line.countedQty - bookQty;
  return {
    ...rest,
    ...(book ? { bookQty, diffQty } : {}),
    ...(canSeeCost(role) && unitCost !== undefined ? { diffFen: new Decimal(diffQty).times(unitCost).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() } : {}),
    batches: batches.map((b) => ({
      batchNo: b.batchNo,
      expiryDate: b.expiryDate,
      countedQty: b.countedQty,
      ...(book ? { bookQty: b.bookQty, diffQty: b.countedQty - b.bookQty } : {}),
    })),
    reasonLabel: line.reason ? REASON_LABELS[line.reason] : '',
  };
}

export function uncountedRow(p: { _id: string; name: string; baseUnit: string }, count: Pick<StockCount, 'blind'>, role: Role, balance: StockBalance | undefined): CountUncountedRow {
  return { productId: p._id, productName: p.name, baseUnit: p.baseUnit, ...(seesBook(count, role) ? { bookQty: balance?.qty ?? 0 } : {}) };
}

/** What the caller may do next, for the page's buttons ('post' also resumes a posting cut short). */
function actionsOf(count: StockCount, role: Role): string[] {
  const allowed = Object.entries(STOCK_COUNT.machine)
    .filter(([name, rule]) => name !== 'postPart' && rule.from.includes(count.status) && rule.roles.includes(role))
    .map(([name]) => name);
  if (count.status === 'counting') allowed.push('scan');
  if (count.status === 'posting' && canSeeCost(role)) allowed.push('post');
  return allowed;
}

export function countView(count: StockCount, shop: Shop, role: Role, counted: number, lines?: CountLine[], costs?: Map<string, string>): CountView {
  const { plan, ...rest } = count;
  void plan;
  const view: CountView = {
    ...rest,
    statusLabel: COUNT_STATUS_LABELS[count.status],
    warehouseName: warehouseName(shop, count.warehouseId),
    scopeText: scopeText(count.scope),
    counted,
    actions: actionsOf(count, role),
  };
  if (lines && seesBook(count, role)) {
    const differing = lines.filter((l) => l.countedQty !== l.bookQty);
    const gain = differing.filter((l) => l.countedQty > l.bookQty);
    const loss = differing.filter((l) => l.countedQty < l.bookQty);
    const valueOf = (ls: CountLine[]) =>
      ls.reduce((s, l) => s.plus(new Decimal(l.countedQty - l.bookQty).abs().times(costs?.get(l.productId) ?? '0')), new Decimal(0)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
    view.summary = {
      diffLines: differing.length,
      gainQty: gain.reduce((s, l) => s + l.countedQty - l.bookQty, 0),
      lossQty: loss.reduce((s, l) => s + l.bookQty - l.countedQty, 0),
      ...(canSeeCost(role) && costs ? { gainFen: valueOf(gain), lossFen: valueOf(loss) } : {}),
    };
  }
  return view;
}

/**
 * The posting plan: each counted difference (counted − book at count time, per batch for
 * batch-tracked products), then — when uncounted stock counts as zero — every balance or batch
 * of the scope the count did not reach, taken to zero at posting time.
 */
export function buildPlan(lines: CountLine[], uncounted: 'keep' | 'zero', balances: StockBalance[], scopeIds: Set<string> | null): CountPlanEntry[] {
  const plan: CountPlanEntry[] = [];
  const countedIds = new Set(lines.map((l) => l.productId));
  for (const l of [...lines].sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    if (!l.batchTracked) {
      if (l.countedQty !== l.bookQty) plan.push({ productId: l.productId, batchNo: null, qty: l.countedQty - l.bookQty });
      continue;
    }
    for (const b of l.batches) {
      if (b.countedQty !== b.bookQty) plan.push({ productId: l.productId, batchNo: b.batchNo, qty: b.countedQty - b.bookQty, ...(b.bookQty === 0 ? { expiryDate: b.expiryDate } : {}) });
    }
  }
  if (uncounted === 'zero') {
    const byProduct = new Map(lines.map((l) => [l.productId, l]));
    for (const bal of [...balances].sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
      if (scopeIds && !scopeIds.has(bal.productId)) continue;
      const line = byProduct.get(bal.productId);
      if (!countedIds.has(bal.productId)) {
        if (bal.qty !== 0) plan.push({ productId: bal.productId, batchNo: null, toZero: true });
        continue;
      }
      if (!line?.batchTracked) continue;
      const countedBatches = new Set(line.batches.map((b) => b.batchNo));
      for (const b of bal.batches) if (b.qty !== 0 && !countedBatches.has(b.batchNo)) plan.push({ productId: bal.productId, batchNo: b.batchNo, toZero: true });
    }
  }
  return plan;
}

export function refuseOutOfScope(scope: CountScope, product: { _id: string; name: string; category: string }): void {
  if (!inScope(scope, product)) throw new AppError('E_VALIDATION', `「${product.name}」不在这次盘点的范围（${scopeText(scope)}）内`, { productId: product._id });
}
