// Inventory policy: safety stock, reorder point, EOQ, ABC class and the suggested order quantity.
// Money with decimal.js; quantities rounded the way a merchant orders (whole purchase units).
import quantile from '@stdlib/stats-base-dists-normal-quantile';
import Decimal from 'decimal.js';

import type { AbcClass } from '../../typings/models';

export type { AbcClass };
export const SERVICE_LEVELS: Record<AbcClass, number> = { A: 0.98, B: 0.95, C: 0.9 };

function check(name: string, v: number, allowZero = true) {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new RangeError(`${name} must be a finite number ≥ 0, got ${v}`);
}

/** z for a cycle service level in (0, 1): the inverse normal CDF (stdlib). */
export function zScore(serviceLevel: number): number {
  if (!(serviceLevel > 0 && serviceLevel < 1)) throw new RangeError(`service level must be in (0, 1), got ${serviceLevel}`);
  return quantile(serviceLevel, 0, 1);
}

/** SS = z·√(L·σd² + d²·σL²): demand uncertainty over the lead time plus lead-time uncertainty. */
export function safetyStock(z: number, leadTimeDays: number, sigmaDemand: number, meanDemand: number, sigmaLeadTime = 0): number {
  for (const [n, v] of Object.entries({ leadTimeDays, sigmaDemand, meanDemand, sigmaLeadTime })) check(n, v);
  return Math.max(0, z) * Math.sqrt(leadTimeDays * sigmaDemand ** 2 + meanDemand ** 2 * sigmaLeadTime ** 2);
}

/** ROP = d·L + SS */
export function reorderPoint(meanDemand: number, leadTimeDays: number, ss: number): number {
  check('meanDemand', meanDemand);
  check('leadTimeDays', leadTimeDays);
  check('ss', ss);
  return meanDemand * leadTimeDays + ss;
}

/** EOQ = √(2DS/H), D annual demand, S cost per order, H yearly holding cost per unit. 0 when undefined. */
export function eoq(annualDemand: number, orderCost: Decimal.Value, holdingCostPerUnit: Decimal.Value): number {
  check('annualDemand', annualDemand);
  const s = new Decimal(orderCost);
  const h = new Decimal(holdingCostPerUnit);
  if (s.isNegative() || h.isNegative()) throw new RangeError('costs must be ≥ 0');
  if (annualDemand === 0 || h.isZero()) return 0;
  return new Decimal(2).times(annualDemand).times(s).dividedBy(h).sqrt().toNumber();
}

/** ABC by annual consumption value: the items making the first 80% are A, the next 15% B, the rest C. */
export function abcClasses(values: { id: string; value: number }[], aShare = 0.8, bShare = 0.95): Map<string, AbcClass> {
  const sorted = [...values].sort((x, y) => y.value - x.value);
  const total = sorted.reduce((s, v) => s + Math.max(0, v.value), 0);
  const out = new Map<string, AbcClass>();
  let before = 0;
  for (const v of sorted) {
    // An item is A while the share before it is under 80%: the item that crosses 80% is still A.
    const share = total > 0 ? before / total : 1;
    out.set(v.id, v.value <= 0 ? 'C' : share < aShare ? 'A' : share < bShare ? 'B' : 'C');
    before += Math.max(0, v.value);
  }
  return out;
}

export interface SuggestionInput {
  onHand: number;
  onOrder: number;
  reserved: number;
  reorderPoint: number;
  eoq: number;
  meanDemand: number;
  reviewDays: number;
  packSize: number;
  minOrderQty: number;
  maxStock: number;
}

/**
 * (s, Q) with review: when the projected quantity (on hand + on order − reserved) is at or under
 * the reorder point, order up to ROP + max(EOQ, demand over the review period), capped by the
 * maximum stock, rounded up to whole purchase units and the minimum order quantity.
 */
export function suggestedQuantity(i: SuggestionInput): number {
  const projected = i.onHand + i.onOrder - i.reserved;
  if (projected > i.reorderPoint) return 0;
  let target = i.reorderPoint + Math.max(i.eoq, i.meanDemand * i.reviewDays);
  if (i.maxStock > 0) target = Math.max(Math.min(target, i.maxStock), i.reorderPoint);
  let qty = Math.max(0, target - projected);
  if (qty === 0) return 0;
  qty = Math.max(qty, i.minOrderQty);
  const pack = Math.max(1, i.packSize);
  return Math.ceil(qty / pack - 1e-9) * pack;
}
