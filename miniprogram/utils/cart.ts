// The lines of a document being scanned (a sale or a receipt): pure functions, easy to test.
import Decimal from 'decimal.js';

export interface CartProduct {
  _id: string;
  name: string;
  baseUnit: string;
  salePriceFen: number;
  purchasePriceFen?: number;
  onHand: number;
  batchTracked: boolean;
}

export interface CartLine {
  productId: string;
  name: string;
  unit: string;
  qty: number;
  /** price per unit in fen: sale price on a sale, cost on a receipt */
  priceFen: number;
  onHand: number;
  batchTracked: boolean;
  batchNo: string;
  expiryDate: string;
}

export type PriceKind = 'sale' | 'purchase';

/** A repeat scan of the same product adds one to its line instead of a new line. */
export function addProduct(lines: CartLine[], p: CartProduct, kind: PriceKind): CartLine[] {
  const i = lines.findIndex((l) => l.productId === p._id);
  if (i >= 0) return lines.map((l, j) => (j === i ? { ...l, qty: l.qty + 1 } : l));
  const priceFen = kind === 'sale' ? p.salePriceFen : p.purchasePriceFen ?? 0;
  return [...lines, { productId: p._id, name: p.name, unit: p.baseUnit, qty: 1, priceFen, onHand: p.onHand, batchTracked: p.batchTracked, batchNo: '', expiryDate: '' }];
}

/** Quantity 0 removes the line. */
export function setQty(lines: CartLine[], productId: string, qty: number): CartLine[] {
  if (!Number.isFinite(qty) || qty <= 0) return lines.filter((l) => l.productId !== productId);
  return lines.map((l) => (l.productId === productId ? { ...l, qty: Math.floor(qty) } : l));
}

export function patchLine(lines: CartLine[], productId: string, patch: Partial<Pick<CartLine, 'priceFen' | 'batchNo' | 'expiryDate'>>): CartLine[] {
  return lines.map((l) => (l.productId === productId ? { ...l, ...patch } : l));
}

export function totalFen(lines: CartLine[]): number {
  return lines.reduce((s, l) => s.plus(new Decimal(l.priceFen).times(l.qty)), new Decimal(0)).toNumber();
}

export function totalQty(lines: CartLine[]): number {
  return lines.reduce((s, l) => s + l.qty, 0);
}

/** Lines a sale would take below what is on hand (shown before submitting). */
export function shortLines(lines: CartLine[]): CartLine[] {
  return lines.filter((l) => l.qty > l.onHand);
}
