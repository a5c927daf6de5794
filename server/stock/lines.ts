// Turns document lines (product id or scanned barcode, quantity in a unit) into products and base
// quantities, refusing products of other shops and unknown units with clear messages.
import Decimal from 'decimal.js';
import type { Product } from '../../typings/models';
import { AppError } from '../core/errors';
import { MemberContext } from '../core/router';
import { packsOf } from './codes';

export interface LineTarget {
  productId?: string;
  barcode?: string;
  unit?: string;
  qty: number;
}

export interface Resolved<T extends LineTarget> {
  input: T;
  product: Product;
  /** base units per unit of this line */
  factor: number;
  baseQty: number;
}

export async function resolveLines<T extends LineTarget>(ctx: MemberContext, lines: T[], opts: { allowArchived?: boolean } = {}): Promise<Resolved<T>[]> {
  const shopId = ctx.member.shopId;
  const ids = [...new Set(lines.flatMap((l) => (l.productId ? [l.productId] : [])))];
  const codes = [...new Set(lines.flatMap((l) => (l.barcode ? [l.barcode] : [])))];
  const [byId, byCode] = await Promise.all([
    ids.length ? ctx.db.getMany<Product>('products', ids) : Promise.resolve([]),
    codes.length ? ctx.db.find<Product>('products', { shopId, barcodes: ctx.db.command.in(codes) }, { limit: 1000 }) : Promise.resolve([]),
  ]);
  const products = new Map<string, Product>();
  for (const p of byId) if (p.shopId === shopId) products.set(p._id, p);
  const productOfCode = new Map<string, Product>();
  for (const p of byCode) for (const c of p.barcodes) if (p.shopId === shopId) productOfCode.set(c, p);
  // A case barcode stands for one pack: its line counts in that unit unless it names another.
  const packs = await packsOf(ctx.db, shopId, codes.filter((c) => !productOfCode.has(c)));

  return lines.map((l, i) => {
    const pack = l.barcode ? packs.get(l.barcode) : undefined;
    const line = pack && !l.unit ? { ...l, unit: pack.unit } : l;
    const product = line.productId ? products.get(line.productId) : productOfCode.get(line.barcode!) ?? pack?.product;
    if (!product) {
      throw new AppError('E_NOT_FOUND', line.barcode ? `第 ${i + 1} 行：条码 ${line.barcode} 没有对应的商品` : `第 ${i + 1} 行：商品不存在`, { line: i });
    }
    if (product.archived && !opts.allowArchived) throw new AppError('E_INVALID_STATE', `第 ${i + 1} 行：商品「${product.name}」已停用`, { line: i });
    const factor = unitFactor(product, line.unit);
    if (factor === null) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：商品「${product.name}」没有单位「${line.unit}」`, { line: i });
    return { input: line, product, factor, baseQty: line.qty * factor };
  });
}

export function unitFactor(p: Product, unit?: string): number | null {
  if (!unit || unit === p.baseUnit) return 1;
  for (const u of [p.purchaseUnit, p.saleUnit]) if (u && u.name === unit) return u.factor;
  return null;
}

/** Cost per base unit (fen, decimal string) from a price per line unit. */
export function perBaseUnit(fenPerUnit: number, factor: number): string {
  return new Decimal(fenPerUnit).dividedBy(factor).toDecimalPlaces(6).toString();
}
