// Moving-average cost arithmetic (decimal.js). Costs are fen per base unit, as decimal strings.
import Decimal from 'decimal.js';

const COST_DP = 6;

export function toCostString(value: Decimal.Value): string {
  const d = new Decimal(value).toDecimalPlaces(COST_DP, Decimal.ROUND_HALF_UP);
  return d.isNegative() ? '0' : d.toString();
}

/** Average after qty units at unitCost come in. An empty or negative balance takes the new cost. */
export function costAfterInbound(onHand: number, avg: string, qty: number, unitCost: string): string {
  const after = onHand + qty;
  if (onHand <= 0 || after <= 0) return toCostString(unitCost);
  return toCostString(new Decimal(onHand).times(avg).plus(new Decimal(qty).times(unitCost)).dividedBy(after));
}

/** Average after qty units leave at unitCost (an explicit cost, e.g. a purchase return). */
export function costAfterOutbound(onHand: number, avg: string, qty: number, unitCost: string): string {
  const after = onHand - qty;
  if (after <= 0 || unitCost === avg) return avg;
  return toCostString(new Decimal(onHand).times(avg).minus(new Decimal(qty).times(unitCost)).dividedBy(after));
}

/** Value of qty units at a unit cost, rounded to whole fen. */
export function valueFen(qty: number, unitCost: string): number {
  return new Decimal(qty).times(unitCost).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}
