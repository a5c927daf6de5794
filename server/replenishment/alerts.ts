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

export function desiredAlerts(i: AlertInput): DesiredAlert[] {
  const { product: p, record: r, settings: s } = i;
  const u = p.baseUnit;
  const out: DesiredAlert[] = [];
  const add = (kind: AlertKind, message: string, data: DesiredAlert['data'], batchNo: string | null = null) =>
    out.push({ _id: alertId(i.shopId, kind, p._id, batchNo), kind, productId: p._id, productName: p.name, batchNo, message, data });

  const hasDemandOrFloor = r.meanDaily > 0 || (p.minStock || 0) > 0;
  if (hasDemandOrFloor && r.onHand <= r.reorderPoint) {
    const packs = r.suggestedQty / r.purchaseUnit.factor;
    add('low_stock', `库存 ${r.onHand}${u}，不高于再订货点 ${r.reorderPoint}${u}${r.suggestedQty > 0 ? `，建议补 ${packs}${r.purchaseUnit.name}` : ''}`, {
      onHand: r.onHand,
      reorderPoint: r.reorderPoint,
      suggestedQty: r.suggestedQty,
    });
  }
  if (r.onHand > 0) {
    if ((p.maxStock || 0) > 0 && r.onHand > p.maxStock) {
      add('over_stock', `库存 ${r.onHand}${u}，超过最高库存 ${p.maxStock}${u}`, { onHand: r.onHand, maxStock: p.maxStock, coverDays: r.coverDays });
    } else if (r.coverDays !== null && r.coverDays > s.overStockDays) {
      add('over_stock', `库存 ${r.onHand}${u} 约可卖 ${r.coverDays} 天，超过 ${s.overStockDays} 天`, { onHand: r.onHand, coverDays: r.coverDays });
    }
    const quietSince = r.lastSaleDay && r.lastSaleDay > p.createdDay ? r.lastSaleDay : p.createdDay;
    const quietDays = daysBetween(quietSince, i.today);
    if (quietDays >= s.deadStockDays) {
      add('dead_stock', `${r.lastSaleDay ? `${quietDays} 天没有卖出` : `上架 ${quietDays} 天从未卖出`}，库存 ${r.onHand}${u}`, { onHand: r.onHand, quietDays, lastSaleDay: r.lastSaleDay });
    }
  }
  for (const b of i.batches) {
    if (b.qty <= 0 || !b.expiryDate) continue;
    const daysLeft = daysBetween(i.today, b.expiryDate);
    if (daysLeft > s.expiryWindowDays) continue;
    const when = daysLeft > 0 ? `${daysLeft} 天后过期（${b.expiryDate}）` : daysLeft === 0 ? '今天过期' : `已过期 ${-daysLeft} 天`;
    add('expiring', `批次 ${b.batchNo} 剩 ${b.qty}${u}，${when}`, { qty: b.qty, expiryDate: b.expiryDate, daysLeft }, b.batchNo);
  }
  return out;
}

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
    } else if (current.message !== d.message || current.productName !== d.productName || JSON.stringify(current.data) !== JSON.stringify(d.data)) {
      writes.push({ ...current, message: d.message, productName: d.productName, data: d.data, updatedAt: at });
    }
  }
  for (const a of existing) {
    if (a.status !== 'closed' && !wanted.has(a._id)) writes.push({ ...a, status: 'closed', closedAt: at, updatedAt: at });
  }
  return { writes, opened };
}
