// Which alerts a product should have tonight, and how they move: open → acknowledged → closed,
// reopened when the condition returns. Ids are deterministic, so a re-run updates, never duplicates.
import { daysBetween } from './history';
import type { Alert, AlertKind, BatchBalance, Product, ReplenishmentRecord, ShopSettings } from '../../typings/models';

export interface DesiredAlert {
  _id: string;
  kind: AlertKind;
  productId: string;
  productName: string;
  batchNo: string | null;
  message: string;
  data: Record<string, number | string | null>;
}

export const alertId = (shopId: string, kind: AlertKind, productId: string, batchNo: string | null = null) =>
  `${shopId}_${kind}_${productId}${batchNo ? `_${batchNo}` : ''}`;


export interface AlertInput {
  shopId: string;
  today: string;
  product: Pick<Product, '_id' | 'name' | 'baseUnit' | 'minStock' | 'maxStock'> & { createdDay: string };
  record: Pick<ReplenishmentRecord, 'meanDaily' | 'reorderPoint' | 'suggestedQty' | 'purchaseUnit' | 'coverDays' | 'lastSaleDay' | 'onHand'>;
  /** open batches of the product summed over warehouses */
  batches: BatchBalance[];
  settings: Pick<ShopSettings, 'expiryWindowDays' | 'deadStockDays' | 'overStockDays'>;
}

/** The product's figures an alert's wording uses: they are its record's, kept current there. */
export type AlertFigures = Pick<ReplenishmentRecord, 'onHand' | 'reorderPoint' | 'suggestedQty' | 'purchaseUnit' | 'coverDays'>;

/**
 * What an alert says, from its stored facts, its product's figures (the record: stock, reorder
 * point, suggestion, cover) and the day it is READ: day counters ("83 天没有卖出", "9 天后过期") come
 * from stored dates. So a sale or a new day rewrites at most the record, never the alert too.
 * Null when the facts are of an older shape (the stored message is then shown).
 */
export function alertMessage(kind: AlertKind, data: Alert['data'], today: string, r: AlertFigures): string | null {
  if (data.unit === undefined) return null;
  const u = String(data.unit);
  switch (kind) {
    case 'low_stock':
      return `库存 ${r.onHand}${u}，不高于再订货点 ${r.reorderPoint}${u}${r.suggestedQty > 0 ? `，建议补 ${r.suggestedQty / r.purchaseUnit.factor}${r.purchaseUnit.name}` : ''}`;
    case 'over_stock':
      return data.maxStock != null ? `库存 ${r.onHand}${u}，超过最高库存 ${data.maxStock}${u}` : `库存 ${r.onHand}${u} 约可卖 ${r.coverDays} 天，超过 ${data.overStockDays} 天`;
    case 'dead_stock': {
      const quietDays = daysBetween(String(data.since), today);
      return `${data.lastSaleDay ? `${quietDays} 天没有卖出` : `上架 ${quietDays} 天从未卖出`}，库存 ${r.onHand}${u}`;
    }
    case 'expiring': {
      const daysLeft = daysBetween(today, String(data.expiryDate));
      const when = daysLeft > 0 ? `${daysLeft} 天后过期（${data.expiryDate}）` : daysLeft === 0 ? '今天过期' : `已过期 ${-daysLeft} 天`;
      return `批次 ${data.batchNo} 剩 ${data.qty}${u}，${when}`;
    }
  }
}

export function desiredAlerts(i: AlertInput): DesiredAlert[] {
  const { product: p, record: r, settings: s } = i;
  const unit = p.baseUnit;
  const out: DesiredAlert[] = [];
  // Only facts that hold while the condition does: no day counter, no figure of the record.
  const add = (kind: AlertKind, facts: DesiredAlert['data'], batchNo: string | null = null) => {
    const data = { ...facts, unit };
    out.push({ _id: alertId(i.shopId, kind, p._id, batchNo), kind, productId: p._id, productName: p.name, batchNo, message: alertMessage(kind, data, i.today, r)!, data });
  };

  const hasDemandOrFloor = r.meanDaily > 0 || (p.minStock || 0) > 0;
  if (hasDemandOrFloor && r.onHand <= r.reorderPoint) add('low_stock', {});
  if (r.onHand > 0) {
    if ((p.maxStock || 0) > 0 && r.onHand > p.maxStock) add('over_stock', { maxStock: p.maxStock });
    else if (r.coverDays !== null && r.coverDays > s.overStockDays) add('over_stock', { overStockDays: s.overStockDays });
    const since = r.lastSaleDay && r.lastSaleDay > p.createdDay ? r.lastSaleDay : p.createdDay;
    if (daysBetween(since, i.today) >= s.deadStockDays) add('dead_stock', { since, lastSaleDay: r.lastSaleDay });
  }
  for (const b of i.batches) {
    if (b.qty <= 0 || !b.expiryDate) continue;
    if (daysBetween(i.today, b.expiryDate) > s.expiryWindowDays) continue;
    add('expiring', { batchNo: b.batchNo, qty: b.qty, expiryDate: b.expiryDate }, b.batchNo);
  }
  return out;
}

const sameFacts = (before: Alert['data'], next: Alert['data']) =>
  [...new Set([...Object.keys(before), ...Object.keys(next)])].every((k) => before[k] === next[k] || (before[k] == null && next[k] == null));

/**
 * The writes that move the existing alerts of some products to the desired ones. `existing` holds
 * every alert (any status) of exactly those products.
 */
export function reconcileAlerts(shopId: string, existing: Alert[], desired: DesiredAlert[], now: Date, today: string): { writes: Alert[]; opened: Alert[] } {
  const at = now.toISOString();
  const byId = new Map(existing.map((a) => [a._id, a]));
  const wanted = new Set(desired.map((d) => d._id));
  const writes: Alert[] = [];
  const opened: Alert[] = [];
  for (const d of desired) {
    const current = byId.get(d._id);
    if (!current || current.status === 'closed') {
      const a: Alert = {
        ...d,
        shopId,
        status: 'open',
        openedAt: at,
        openedDay: today,
        updatedAt: at,
        closedAt: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
      };
      writes.push(a);
      opened.push(a);
    } else if (current.productName !== d.productName || !sameFacts(current.data ?? {}, d.data)) {
      writes.push({ ...current, message: d.message, productName: d.productName, data: d.data, updatedAt: at });
    }
  }
  for (const a of existing) {
    if (a.status !== 'closed' && !wanted.has(a._id)) writes.push({ ...a, status: 'closed', closedAt: at, updatedAt: at });
  }
  return { writes, opened };
}
