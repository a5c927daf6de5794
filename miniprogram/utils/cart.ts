// The lines of a document being scanned (a sale or a receipt): pure functions, easy to test.
// A line is keyed by `key`: the product id for its first line, `productId#n` for another batch of
// the same product on one receipt.
import Decimal from 'decimal.js';
import { fenToYuan, yuanToFen } from './money';

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
  key: string;
  productId: string;
  name: string;
  unit: string;
  qty: number;
  /** price per unit in fen: sale price on a sale, cost on a receipt */
  priceFen: number;
  /** the price as typed (yuan); formatted from priceFen when the field is left */
  priceText: string;
  /** what is wrong with this line ('' when nothing): a bad price, the server's refusal */
  problem: string;
  /** the server's refusal of this line (E_PRICE_LIMIT...), until the line is edited */
  refused: string;
  onHand: number;
  batchTracked: boolean;
  batchNo: string;
  expiryDate: string;
}

export type PriceKind = 'sale' | 'purchase';

function newLine(p: CartProduct, key: string, priceFen: number): CartLine {
  return { key, productId: p._id, name: p.name, unit: p.baseUnit, qty: 1, priceFen, priceText: fenToYuan(priceFen), problem: '', refused: '', onHand: p.onHand, batchTracked: p.batchTracked, batchNo: '', expiryDate: '' };
}

/**
 * A repeat scan of the same product adds to its (last) line instead of a new line: one, or a
 * whole pack (`qty` base units) for a case barcode.
 */
export function addProduct(lines: CartLine[], p: CartProduct, kind: PriceKind, qty = 1): CartLine[] {
  let i = -1;
  lines.forEach((l, j) => {
    if (l.productId === p._id) i = j;
  });
  if (i >= 0) return lines.map((l, j) => (j === i ? { ...l, qty: l.qty + qty } : l));
  return [...lines, { ...newLine(p, p._id, kind === 'sale' ? p.salePriceFen : p.purchasePriceFen ?? 0), qty }];
}

/** Another batch of the line's product: a new line right after it, same price, batch to fill in. */
export function splitBatch(lines: CartLine[], key: string): CartLine[] {
  const i = lines.findIndex((l) => l.key === key);
  if (i < 0) return lines;
  const l = lines[i];
  let n = 2;
  while (lines.some((o) => o.key === `${l.productId}#${n}`)) n++;
  const line: CartLine = { ...l, key: `${l.productId}#${n}`, qty: 1, batchNo: '', expiryDate: '', problem: '', refused: '' };
  return [...lines.slice(0, i + 1), line, ...lines.slice(i + 1)];
}

/** Quantity 0 removes the line. */
export function setQty(lines: CartLine[], key: string, qty: number): CartLine[] {
  if (!Number.isFinite(qty) || qty <= 0) return removeLine(lines, key);
  return lines.map((l) => (l.key === key ? { ...l, qty: Math.floor(qty) } : l));
}

export function removeLine(lines: CartLine[], key: string): CartLine[] {
  return lines.filter((l) => l.key !== key);
}

/** The price as it is being typed: kept as text; the amount follows when the text is an amount. */
export function typePrice(line: CartLine, text: string): CartLine {
  const fen = yuanToFen(text);
  return { ...line, priceText: text, priceFen: fen ?? line.priceFen, problem: fen === null && text.trim() !== '' ? '请输入正确的金额，如 3.50' : '' };
}

/** Leaving the price field: an amount is shown formatted, an empty field falls back to the last amount. */
export function finishPrice(line: CartLine): CartLine {
  const fen = yuanToFen(line.priceText);
  if (fen === null && line.priceText.trim() !== '') return line; // keep the bad text and its message
  return { ...line, priceFen: fen ?? line.priceFen, priceText: fenToYuan(fen ?? line.priceFen), problem: '' };
}

export function patchLine(lines: CartLine[], key: string, patch: Partial<Pick<CartLine, 'priceFen' | 'batchNo' | 'expiryDate' | 'problem'>>): CartLine[] {
  return lines.map((l) => (l.key === key ? { ...l, ...patch } : l));
}

export function totalFen(lines: CartLine[]): number {
  return lines.reduce((s, l) => s.plus(new Decimal(l.priceFen).times(l.qty)), new Decimal(0)).toNumber();
}

export function totalQty(lines: CartLine[]): number {
  return lines.reduce((s, l) => s + l.qty, 0);
}

/** Lines a sale would take below what is on hand (all lines of a product count together). */
export function shortLines(lines: CartLine[]): CartLine[] {
  const wanted = new Map<string, number>();
  for (const l of lines) wanted.set(l.productId, (wanted.get(l.productId) ?? 0) + l.qty);
  return lines.filter((l) => (wanted.get(l.productId) ?? 0) > l.onHand);
}
