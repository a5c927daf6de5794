// The posting engine: the ONLY writer of stock balances and postings (the ledger).
// One cloud transaction per posting, with only doc(id) operations:
//   reads in parallel:  postings/{shopId}_{requestId} (a replay answers its stored result),
//                       stock/{shopId}_{warehouseId}_{productId} for each balance touched,
//                       plus any guard documents of the calling document type;
//   writes in parallel: every changed balance, the guard documents, and the posting itself.
// k balances cost 2k+4 database requests (start, k+1 reads, k+1 writes, commit).
import type { AdjustmentReason, BatchBalance, PaymentMethod, Posting, PostingLine, PostingType, StockBalance } from '../../typings/models';
import { Db, Tx } from '../core/db';
import { AppError } from '../core/errors';
import { costAfterInbound, costAfterOutbound, valueFen } from './cost';

/** Batch used for stock of a batch-tracked product that no batch covers (negative stock allowed). */
export const NO_BATCH = '-';

export interface EngineProduct {
  _id: string;
  name: string;
  baseUnit: string;
  batchTracked: boolean;
}

export interface EngineLine {
  product: EngineProduct;
  warehouseId: string;
  /** Signed quantity in base units. */
  qty: number;
  /** Inbound: the cost entering (default: the current average). Outbound: leave at this cost instead of the average. */
  unitCost?: string;
  batchNo?: string | null;
  expiryDate?: string | null;
  /** Revenue of the line (sales, returns); split across batches in proportion to quantity. */
  amountFen?: number | null;
}

/** A document the posting reads and rewrites in the same transaction (e.g. quantities already returned). */
export interface GuardDocument {
  coll: string;
  id: string;
  /** Returns the new document (null: leave it as it is), or throws an AppError to refuse the posting. */
  apply: (current: Record<string, unknown> | null) => Record<string, unknown> | null;
}

export interface PostingRequest {
  shopId: string;
  allowNegativeStock: boolean;
  requestId: string;
  type: PostingType;
  reason?: AdjustmentReason | null;
  operator: { openid: string; name: string };
  source?: { kind: string; id: string | null; no: string | null };
  partyId?: string | null;
  note?: string;
  reverses?: string | null;
  payment?: { method: PaymentMethod; paidFen: number; discountFen: number } | null;
  amountFen?: number | null;
  lines: EngineLine[];
  guards?: GuardDocument[];
}

export interface PostingOutcome {
  posting: Posting;
  replayed: boolean;
}

export const postingId = (shopId: string, requestId: string) => `${shopId}_${requestId}`;
export const balanceId = (shopId: string, warehouseId: string, productId: string) => `${shopId}_${warehouseId}_${productId}`;

interface Shortage {
  productId: string;
  productName: string;
  warehouseId: string;
  batchNo: string | null;
  available: number;
  requested: number;
}

export async function post(db: Db, req: PostingRequest): Promise<PostingOutcome> {
  if (req.lines.length === 0) throw new AppError('E_VALIDATION', '至少需要一行商品');
  const pid = postingId(req.shopId, req.requestId);
  return db.transaction(async (tx) => {
    const keys = [...new Set(req.lines.map((l) => balanceId(req.shopId, l.warehouseId, l.product._id)))];
    const guards = req.guards ?? [];
    const [existing, balanceDocs, guardDocs] = await Promise.all([
      tx.get<Posting>('postings', pid),
      Promise.all(keys.map((k) => tx.get<StockBalance>('stock', k))),
      Promise.all(guards.map((g) => tx.get<Record<string, unknown>>(g.coll, g.id))),
    ]);
    if (existing) {
      if (existing.type !== req.type) throw new AppError('E_DUPLICATE', '请求编号已被另一笔单据使用，请刷新后重试');
      return { posting: existing, replayed: true };
    }
    const balances = new Map<string, StockBalance>();
    keys.forEach((k, i) => balances.set(k, balanceDocs[i] ? { ...balanceDocs[i]!, _id: k } : emptyBalance(req, k)));
    const guardWrites = guards.map((g, i) => ({ g, doc: g.apply(guardDocs[i] ? stripId(guardDocs[i]!) : null) }));

    const lines: PostingLine[] = [];
    const shortages: Shortage[] = [];
    for (const line of req.lines) {
      const bal = balances.get(balanceId(req.shopId, line.warehouseId, line.product._id))!;
      if (line.qty > 0) lines.push(...receive(bal, line));
      else lines.push(...issue(bal, line, req.allowNegativeStock, shortages));
    }
    if (shortages.length) throw insufficient(shortages, req.lines);

    const now = new Date();
    const posting: Posting = {
      _id: pid,
      shopId: req.shopId,
      requestId: req.requestId,
      type: req.type,
      reason: req.reason ?? null,
      source: req.source ?? { kind: req.type, id: null, no: null },
      partyId: req.partyId ?? null,
      note: req.note ?? '',
      operator: req.operator,
      createdAt: now as unknown as string,
      lines,
      productIds: [...new Set(lines.map((l) => l.productId))],
      reverses: req.reverses ?? null,
      totals: {
        qty: lines.reduce((s, l) => s + l.qty, 0),
        costFen: lines.reduce((s, l) => s + valueFen(l.qty, l.unitCost), 0),
        amountFen: req.amountFen ?? null,
      },
      payment: req.payment ?? null,
    };
    await Promise.all([
      ...[...balances.values()].map((b) => writeBalance(tx, b, now)),
      ...guardWrites.filter(({ doc }) => doc !== null).map(({ g, doc }) => tx.set(g.coll, g.id, doc!)),
      tx.set('postings', pid, posting as unknown as Record<string, unknown>),
    ]);
    return { posting: { ...posting, createdAt: now.toISOString() }, replayed: false };
  });
}

function emptyBalance(req: PostingRequest, key: string): StockBalance {
  const line = req.lines.find((l) => balanceId(req.shopId, l.warehouseId, l.product._id) === key)!;
  return { _id: key, shopId: req.shopId, warehouseId: line.warehouseId, productId: line.product._id, qty: 0, unitCost: '0', batches: [], version: 0, updatedAt: '' };
}

function receive(bal: StockBalance, line: EngineLine): PostingLine[] {
  const unitCost = line.unitCost ?? bal.unitCost;
  bal.unitCost = costAfterInbound(bal.qty, bal.unitCost, line.qty, unitCost);
  bal.qty += line.qty;
  let batchNo: string | null = null;
  let expiryDate: string | null = null;
  if (line.product.batchTracked) {
    batchNo = line.batchNo ?? NO_BATCH;
    const b = batchOf(bal, batchNo, line.expiryDate ?? null);
    b.qty += line.qty;
    expiryDate = b.expiryDate;
  }
  return [ledgerLine(bal, line, line.qty, unitCost, batchNo, expiryDate)];
}

function issue(bal: StockBalance, line: EngineLine, allowNegative: boolean, shortages: Shortage[]): PostingLine[] {
  const out = -line.qty;
  if (!line.product.batchTracked) {
    if (bal.qty < out && !allowNegative) {
      shortages.push({ productId: bal.productId, productName: line.product.name, warehouseId: bal.warehouseId, batchNo: null, available: Math.max(bal.qty, 0), requested: out });
      return [];
    }
    return [issueFrom(bal, line, out, null, null)];
  }
  // Batch-tracked: the named batch, or FEFO (earliest expiry first, undated last).
  const candidates = line.batchNo
    ? [batchOf(bal, line.batchNo, null)]
    : [...bal.batches].filter((b) => b.qty > 0).sort(fefo);
  const available = candidates.reduce((s, b) => s + Math.max(b.qty, 0), 0);
  if (available < out && !allowNegative) {
    shortages.push({ productId: bal.productId, productName: line.product.name, warehouseId: bal.warehouseId, batchNo: line.batchNo ?? null, available, requested: out });
    return [];
  }
  const result: PostingLine[] = [];
  let remaining = out;
  for (const b of candidates) {
    if (remaining === 0) break;
    const take = Math.min(Math.max(b.qty, 0), remaining);
    if (take === 0) continue;
    b.qty -= take;
    remaining -= take;
    result.push(issueFrom(bal, line, take, b.batchNo, b.expiryDate));
  }
  if (remaining > 0) {
    // Only when negative stock is allowed: the named batch (or the unbatched bucket) goes below zero.
    const b = batchOf(bal, line.batchNo ?? NO_BATCH, null);
    b.qty -= remaining;
    result.push(issueFrom(bal, line, remaining, b.batchNo, b.expiryDate));
  }
  bal.batches = bal.batches.filter((b) => b.qty !== 0);
  splitAmount(result, line.amountFen ?? null);
  return result;
}

function issueFrom(bal: StockBalance, line: EngineLine, qty: number, batchNo: string | null, expiryDate: string | null): PostingLine {
  const unitCost = line.unitCost ?? bal.unitCost;
  bal.unitCost = costAfterOutbound(bal.qty, bal.unitCost, qty, unitCost);
  bal.qty -= qty;
  return ledgerLine(bal, line, -qty, unitCost, batchNo, expiryDate);
}

function ledgerLine(bal: StockBalance, line: EngineLine, qty: number, unitCost: string, batchNo: string | null, expiryDate: string | null): PostingLine {
  return {
    productId: bal.productId,
    warehouseId: bal.warehouseId,
    batchNo,
    expiryDate,
    qty,
    unitCost,
    amountFen: line.amountFen ?? null,
    qtyAfter: bal.qty,
    unitCostAfter: bal.unitCost,
  };
}

/** A line split over several batches shares its amount in proportion to quantity, to the fen. */
function splitAmount(lines: PostingLine[], amountFen: number | null): void {
  if (amountFen === null || lines.length < 2) return;
  const total = lines.reduce((s, l) => s + l.qty, 0);
  let left = amountFen;
  lines.forEach((l, i) => {
    l.amountFen = i === lines.length - 1 ? left : Math.round((amountFen * l.qty) / total);
    left -= l.amountFen;
  });
}

function batchOf(bal: StockBalance, batchNo: string, expiryDate: string | null): BatchBalance {
  let b = bal.batches.find((x) => x.batchNo === batchNo);
  if (!b) {
    b = { batchNo, expiryDate, qty: 0 };
    bal.batches.push(b);
  } else if (!b.expiryDate && expiryDate) {
    b.expiryDate = expiryDate;
  }
  return b;
}

function fefo(a: BatchBalance, b: BatchBalance): number {
  if (a.expiryDate !== b.expiryDate) {
    if (!a.expiryDate) return 1;
    if (!b.expiryDate) return -1;
    return a.expiryDate < b.expiryDate ? -1 : 1;
  }
  return a.batchNo < b.batchNo ? -1 : a.batchNo > b.batchNo ? 1 : 0;
}

function writeBalance(tx: Tx, b: StockBalance, now: Date): Promise<void> {
  return tx.set('stock', b._id, {
    shopId: b.shopId,
    warehouseId: b.warehouseId,
    productId: b.productId,
    qty: b.qty,
    unitCost: b.unitCost,
    batches: b.batches,
    version: (b.version ?? 0) + 1,
    updatedAt: now,
  });
}

function insufficient(shortages: Shortage[], lines: EngineLine[]): AppError {
  const unitOf = (productId: string) => lines.find((l) => l.product._id === productId)?.product.baseUnit ?? '';
  const text = shortages
    .map((s) => `${s.productName}${s.batchNo ? `（批号 ${s.batchNo}）` : ''}现有 ${s.available}${unitOf(s.productId)}，需要 ${s.requested}${unitOf(s.productId)}`)
    .join('；');
  return new AppError('E_INSUFFICIENT_STOCK', `库存不足：${text}`, shortages);
}

function stripId(doc: Record<string, unknown>): Record<string, unknown> {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}
