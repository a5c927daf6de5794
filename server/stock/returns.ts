// Returns against an original posting — goods back from a sale (sale return) or back to the
// supplier from a receipt (purchase return) — move the same batches the original moved, at the
// cost they moved at (and, for a sale, refunded at the price they were sold for); never more than
// the original moved, per product and batch. The split is planned from the returns document read
// before the transaction, and the same document is the engine's guard inside it: a concurrent
// return that got there first makes the plan fail, not over-return.
import Decimal from 'decimal.js';
import type { Posting, PostingLine } from '../../typings/models';
import { AppError } from '../core/errors';
import type { EngineLine, GuardDocument } from '../posting/engine';
import type { Resolved } from './lines';

/** returns/{salePostingId} or purchase_returns/{receiptPostingId}: quantities already returned, keyed `productId#batchNo` ('-' when untracked). */
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

/** What the original moved, per product and batch (quantities positive). */
function movedSlices(original: Posting): Map<string, SoldSlice> {
  const slices = new Map<string, SoldSlice>();
  for (const l of original.lines as PostingLine[]) {
    const key = keyOf(l.productId, l.batchNo);
    const s = slices.get(key) ?? { key, productId: l.productId, batchNo: l.batchNo, expiryDate: l.expiryDate, warehouseId: l.warehouseId, qty: 0, costFen: new Decimal(0), amountFen: 0 };
    s.qty += Math.abs(l.qty);
    s.costFen = s.costFen.plus(new Decimal(l.unitCost).times(Math.abs(l.qty)));
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

export interface ReturnOptions {
  /** the guard collection: returns (of sales) or purchase_returns (of receipts) */
  coll: 'returns' | 'purchase_returns';
  /** +1: the goods come back in (sale return); −1: they go out again (purchase return) */
  direction: 1 | -1;
  /** where they go back to (default: where the original moved them) */
  warehouseId: string | null;
}

export function planReturn(sale: Posting, lines: Resolved<{ qty: number; batchNo?: string }>[], already: ReturnsDoc | null, opts: ReturnOptions): ReturnPlan {
  const slices = movedSlices(sale);
  const returned = { ...(already?.returned ?? {}) };
  const take = new Map<string, number>();
  const left = (s: SoldSlice) => s.qty - (returned[s.key] ?? 0) - (take.get(s.key) ?? 0);
  lines.forEach((l, i) => {
    const mine = [...slices.values()].filter((s) => s.productId === l.product._id);
    if (mine.length === 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：原单没有商品「${l.product.name}」`, { line: i });
    const named = l.input.batchNo;
    const from = named ? mine.filter((s) => s.batchNo === named) : mine;
    if (named && from.length === 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：原单没有批号 ${named} 的「${l.product.name}」`, { line: i });
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
  // Refund the difference of the cumulative shares (rounded to the fen): returning a sale in parts
  // refunds exactly what it cost, never a fen more or less than returning it at once.
  const share = (s: SoldSlice, q: number) => new Decimal(s.amountFen).times(q).dividedBy(s.qty).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  const engineLines: EngineLine[] = [...take].map(([key, q]) => {
    const s = slices.get(key)!;
    const before = returned[key] ?? 0;
    return {
      product: products.get(s.productId)!,
      warehouseId: opts.warehouseId ?? s.warehouseId,
      qty: opts.direction * q,
      unitCost: s.costFen.dividedBy(s.qty).toDecimalPlaces(6).toString(),
      batchNo: s.batchNo,
      expiryDate: s.expiryDate,
      amountFen: opts.direction > 0 ? -(share(s, before + q) - share(s, before)) : null,
    };
  });
  const guard: GuardDocument = {
    coll: opts.coll,
    id: sale._id,
    apply: (current) => {
      const doc = (current as ReturnsDoc | null) ?? { shopId: sale.shopId, saleId: sale._id, returned: {} };
      const next = { ...doc.returned };
      for (const [key, q] of take) {
        if ((next[key] ?? 0) + q > slices.get(key)!.qty) throw new AppError('E_CONFLICT', '这张单据刚刚有人办理了退货，请刷新后重试');
        next[key] = (next[key] ?? 0) + q;
      }
      return { ...doc, returned: next };
    },
  };
  return { lines: engineLines, guard, refundFen: engineLines.reduce((s, l) => s + (l.amountFen ?? 0), 0) };
}

/** A reversal of a return gives its quantities back to the original's returnable quantities. */
export function undoReturnGuard(ret: Posting, coll: ReturnOptions['coll']): GuardDocument {
  return {
    coll,
    id: ret.source.id!,
    apply: (doc) => {
      const returned = { ...((doc as ReturnsDoc | null)?.returned ?? {}) };
      // Only what came back counts (not its write-off, nor an exchange's goods that went out).
      for (const l of ret.lines.filter((x) => x.qty > 0 && !x.writeOff)) {
        const key = keyOf(l.productId, l.batchNo);
        returned[key] = Math.max(0, (returned[key] ?? 0) - Math.abs(l.qty));
      }
      return { ...(doc ?? { shopId: ret.shopId, saleId: ret.source.id }), returned };
    },
  };
}

/** A sale (or receipt) with returns cannot be reversed until its returns are. */
export function noReturnsGuard(original: Posting, coll: ReturnOptions['coll']): GuardDocument {
  return {
    coll,
    id: original._id,
    apply: (doc) => {
      if (doc && Object.values((doc as unknown as ReturnsDoc).returned).some((q) => q > 0)) throw new AppError('E_INVALID_STATE', '该单据已有退货，请先冲销退货单');
      return null;
    },
  };
}

/**
 * Returned goods that go straight to a damage write-off: after each returned line, the same
 * quantity leaves the same batch at the same cost in the same posting, flagged `writeOff`.
 */
export function writeOffReturned(returned: EngineLine[]): EngineLine[] {
  return returned.flatMap((l) => [l, { ...l, qty: -l.qty, amountFen: null, writeOff: true }]);
}
