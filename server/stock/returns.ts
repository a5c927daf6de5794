// Sale returns go back to the batches the sale took, at the cost they left with, refunded at the
// price they were sold for; never more back than was sold, per product and batch. The split is
// planned from the returns document read before the transaction, and the same document is the
// engine's guard inside it: a concurrent return that got there first makes the plan fail, not
// over-return.
import Decimal from 'decimal.js';
import type { Posting, PostingLine } from '../../typings/models';
import { AppError } from '../core/errors';
import type { EngineLine, GuardDocument } from '../posting/engine';
import type { Resolved } from './lines';

/** returns/{salePostingId}: quantities already returned, keyed `productId#batchNo` ('-' when untracked). */
export interface ReturnsDoc {
  shopId: string;
  saleId: string;
  returned: Record<string, number>;
}

const keyOf = (productId: string, batchNo: string | null) => `${productId}#${batchNo ?? '-'}`;

interface SoldSlice {
  key: string;
  productId: string;
  batchNo: string | null;
  expiryDate: string | null;
  warehouseId: string;
  qty: number;
  costFen: Decimal;
  amountFen: number;
}

/** What the sale took, per product and batch. */
function soldSlices(sale: Posting): Map<string, SoldSlice> {
  const slices = new Map<string, SoldSlice>();
  for (const l of sale.lines as PostingLine[]) {
    const key = keyOf(l.productId, l.batchNo);
    const s = slices.get(key) ?? { key, productId: l.productId, batchNo: l.batchNo, expiryDate: l.expiryDate, warehouseId: l.warehouseId, qty: 0, costFen: new Decimal(0), amountFen: 0 };
    s.qty += -l.qty;
    s.costFen = s.costFen.plus(new Decimal(l.unitCost).times(-l.qty));
    s.amountFen += l.amountFen ?? 0;
    slices.set(key, s);
  }
  return slices;
}

export interface ReturnPlan {
  lines: EngineLine[];
  guard: GuardDocument;
  refundFen: number;
}

export function planSaleReturn(sale: Posting, lines: Resolved<{ qty: number; batchNo?: string }>[], already: ReturnsDoc | null, warehouseId: string | null): ReturnPlan {
  const slices = soldSlices(sale);
  const returned = { ...(already?.returned ?? {}) };
  const take = new Map<string, number>();
  const left = (s: SoldSlice) => s.qty - (returned[s.key] ?? 0) - (take.get(s.key) ?? 0);
  lines.forEach((l, i) => {
    const mine = [...slices.values()].filter((s) => s.productId === l.product._id);
    if (mine.length === 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：原单没有商品「${l.product.name}」`, { line: i });
    const named = l.input.batchNo;
    const from = named ? mine.filter((s) => s.batchNo === named) : mine;
    if (named && from.length === 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：原单没有从批号 ${named} 卖出「${l.product.name}」`, { line: i });
    const available = from.reduce((s, x) => s + left(x), 0);
    if (l.baseQty > available) {
      throw new AppError('E_VALIDATION', `「${l.product.name}」${named ? `批号 ${named} ` : ''}最多还能退 ${available}${l.product.baseUnit}`, { line: i, productId: l.product._id, available });
    }
    let need = l.baseQty;
    for (const s of from) {
      const q = Math.min(need, left(s));
      if (q > 0) take.set(s.key, (take.get(s.key) ?? 0) + q);
      need -= q;
    }
  });
  const products = new Map(lines.map((l) => [l.product._id, l.product]));
  const engineLines: EngineLine[] = [...take].map(([key, q]) => {
    const s = slices.get(key)!;
    return {
      product: products.get(s.productId)!,
      warehouseId: warehouseId ?? s.warehouseId,
      qty: q,
      unitCost: s.costFen.dividedBy(s.qty).toDecimalPlaces(6).toString(),
      batchNo: s.batchNo,
      expiryDate: s.expiryDate,
      amountFen: -new Decimal(s.amountFen).times(q).dividedBy(s.qty).toDecimalPlaces(0).toNumber(),
    };
  });
  const guard: GuardDocument = {
    coll: 'returns',
    id: sale._id,
    apply: (current) => {
      const doc = (current as ReturnsDoc | null) ?? { shopId: sale.shopId, saleId: sale._id, returned: {} };
      const next = { ...doc.returned };
      for (const [key, q] of take) {
        if ((next[key] ?? 0) + q > slices.get(key)!.qty) throw new AppError('E_CONFLICT', '这笔销售刚刚有人办理了退货，请刷新后重试');
        next[key] = (next[key] ?? 0) + q;
      }
      return { ...doc, returned: next };
    },
  };
  return { lines: engineLines, guard, refundFen: engineLines.reduce((s, l) => s + (l.amountFen ?? 0), 0) };
}

/** A reversal of a return gives its quantities back to the sale's returnable quantities. */
export function undoReturnGuard(ret: Posting): GuardDocument {
  return {
    coll: 'returns',
    id: ret.source.id!,
    apply: (doc) => {
      const returned = { ...((doc as ReturnsDoc | null)?.returned ?? {}) };
      for (const l of ret.lines) {
        const key = keyOf(l.productId, l.batchNo);
        returned[key] = Math.max(0, (returned[key] ?? 0) - l.qty);
      }
      return { ...(doc ?? { shopId: ret.shopId, saleId: ret.source.id }), returned };
    },
  };
}

/** A sale with returns cannot be reversed until its returns are. */
export function noReturnsGuard(sale: Posting): GuardDocument {
  return {
    coll: 'returns',
    id: sale._id,
    apply: (doc) => {
      if (doc && Object.values((doc as unknown as ReturnsDoc).returned).some((q) => q > 0)) throw new AppError('E_INVALID_STATE', '该销售单已有退货，请先冲销退货单');
      return null;
    },
  };
}
