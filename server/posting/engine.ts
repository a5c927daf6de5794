// The posting engine: the ONLY writer of stock balances and postings (the ledger).
// One cloud transaction per posting, with only doc(id) operations:
//   reads in parallel:  postings/{shopId}_{requestId} (a replay answers its stored result),
//                       stock/{shopId}_{warehouseId}_{productId} for each balance touched,
//                       products/{productId} for each product (its on-hand total and low flag),
//                       plus any guard documents of the calling document type;
//   writes in parallel: every changed balance and product, the guard documents, the posting.
// k balances of p products cost 2k+2p+4 requests (start, 1+k+p reads, k+p+1 writes, commit):
// 4k+4 for a one-warehouse sale of k products, whatever k, in two round trips.
// Rules that hold for every document type live here: no stock below zero unless the shop allows
// it, expired batches never issued unless an override is recorded, an opening balance only before
// any other movement, one expiry date per batch, a request id never reused for another body.
import crypto from 'node:crypto';
import type { Shortage } from '../../typings/api/common';
import type { AdjustmentReason, BatchBalance, Posting, PostingLine, PostingType, Product, StockBalance } from '../../typings/models';
import { Db, Tx } from '../core/db';
import { AppError } from '../core/errors';
import Decimal from 'decimal.js';
import { chinaToday } from '../../miniprogram/utils/expiry';
import { costAfterInbound, costAfterOutbound } from './cost';

/** Batch used for stock of a batch-tracked product that no batch covers (negative stock allowed). */
export const NO_BATCH = '-';

/** The product as the caller resolved it; the engine re-reads it inside the transaction. */
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
  /**
   * A transfer: this outbound line's goods enter that warehouse in the same posting, batch by
   * batch, at the cost they left with (expiry dates travel with their batches).
   */
  transferTo?: string | null;
  /**
   * Take the balance (or the named batch) to zero whatever it holds at posting time: a full
   * count's uncounted products counted as zero. `qty` is ignored.
   */
  toZero?: boolean;
  /**
   * An outbound line that takes at most what is there (never a shortage): a count's loss when
   * sales since the count already took part of it — stock cannot go below zero for a count.
   */
  upToAvailable?: boolean;
  /** Change of what the balance holds for sales orders (a shipment releases what it ships). */
  reserve?: number;
  /** Returned goods written off as damaged in the same posting: the named batch leaves even if expired. */
  writeOff?: boolean;
}

/** A document the posting reads and rewrites in the same transaction (e.g. quantities already returned). */
export interface GuardDocument {
  coll: string;
  id: string;
  /** Returns the new document (null: leave it as it is), or throws an AppError to refuse the posting. */
  apply: (current: Record<string, unknown> | null) => Record<string, unknown> | null;
  /** After the lines are posted: records what moved (e.g. the batches a transfer shipped) on the document apply returned. */
  settle?: (doc: Record<string, unknown>, lines: PostingLine[]) => Record<string, unknown>;
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
  /** or a function, called once the guards have applied: a split a guard computes in the transaction */
  payment?: Posting['payment'] | (() => Posting['payment']);
  amountFen?: number | null;
  lines: EngineLine[];
  guards?: GuardDocument[];
  /** What the request asked for (its input without the request id): a replay must ask the same. */
  fingerprint: string;
  /** Issue an explicitly named expired batch: only with a recorded override (owner/manager). */
  override?: { reason: string; by: string } | null;
  /** Reversals and returns to the supplier move the exact batches back, expired or not. */
  allowExpired?: boolean;
  /** A receipt against a purchase order: days from approval (lead time learning). */
  leadDays?: number | null;
  /** A count's adjustment: the products' last counted date becomes now. */
  counted?: boolean;
  /** New documents written with the posting (e.g. the audit entry of an override); never read. */
  creates?: { coll: string; id: string; doc: Record<string, unknown> }[];
}

/** A stable digest of a request's input (keys sorted): the same body always gives the same print. */
export function fingerprintOf(input: unknown): string {
  const stable = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(stable) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, stable((v as Record<string, unknown>)[k])])) : v;
  return crypto.createHash('sha256').update(JSON.stringify(stable(input))).digest('hex').slice(0, 32);
}

/** Today's date in China time (YYYY-MM-DD): a batch expiring before it is expired (one rule, shared with the pages). */
export const chinaDay = (at: Date): string => chinaToday(at);

export interface PostingOutcome {
  posting: Posting;
  replayed: boolean;
}

export const postingId = (shopId: string, requestId: string) => `${shopId}_${requestId}`;
/**
 * Request ids the server makes (a reversal's) contain `_`, which client request ids may not
 * (typings/api/common.ts): a client can never take the id of a server-made posting.
 */
export const serverRequestId = (kind: 'rev' | 'cnt', of: string) => `${kind}_${of}`;
export const balanceId = (shopId: string, warehouseId: string, productId: string) => `${shopId}_${warehouseId}_${productId}`;

export async function post(db: Db, req: PostingRequest): Promise<PostingOutcome> {
  if (req.lines.length === 0) throw new AppError('E_VALIDATION', '至少需要一行商品');
  const pid = postingId(req.shopId, req.requestId);
  return db.transaction(async (tx) => {
    const places = balancePlaces(req);
    const keys = [...places.keys()];
    const productIds = [...new Set(req.lines.map((l) => l.product._id))];
    const guards = req.guards ?? [];
    const [existing, balanceDocs, productDocs, guardDocs] = await Promise.all([
      tx.get<Posting & { fingerprint?: string }>('postings', pid),
      Promise.all(keys.map((k) => tx.get<StockBalance>('stock', k))),
      Promise.all(productIds.map((id) => tx.get<Product>('products', id))),
      Promise.all(guards.map((g) => tx.get<Record<string, unknown>>(g.coll, g.id))),
    ]);
    if (existing) {
      if (existing.type !== req.type || (existing.fingerprint && existing.fingerprint !== req.fingerprint)) {
        throw new AppError('E_DUPLICATE', '这个请求编号已用于另一笔内容不同的单据，请刷新后重新提交');
      }
      return { posting: existing, replayed: true };
    }
    const now = new Date();
    const today = chinaDay(now);
    const products = new Map<string, Product>();
    productIds.forEach((id, i) => {
      const p = productDocs[i];
      if (!p || p.shopId !== req.shopId) throw new AppError('E_NOT_FOUND', '商品不存在');
      products.set(id, { ...p, _id: id });
    });
    const balances = new Map<string, StockBalance>();
    keys.forEach((k, i) => balances.set(k, balanceDocs[i] ? { ...balanceDocs[i]!, _id: k } : emptyBalance(req.shopId, k, places.get(k)!)));
    if (req.type === 'opening') refuseOpeningAfterMovement(balanceDocs, products);
    const guardWrites = guards.map((g, i) => ({ g, doc: g.apply(guardDocs[i] ? stripId(guardDocs[i]!) : null) }));

    const lines: PostingLine[] = [];
    const shortages: Shortage[] = [];
    // An override lets the NAMED expired batch go; FEFO still never picks an expired one for the other lines.
    const rules = { allowNegative: req.allowNegativeStock, allowExpired: Boolean(req.allowExpired), namedExpiredOk: Boolean(req.allowExpired || req.override), today };
    for (const input of req.lines) {
      // The product as it is now: batch tracking may have been switched since the caller read it.
      const line = { ...input, product: products.get(input.product._id)! };
      const bal = balances.get(balanceId(req.shopId, line.warehouseId, line.product._id))!;
      if (line.toZero) line.qty = -zeroingQty(bal, line.batchNo ?? null);
      if (line.qty === 0) continue;
      if (line.qty > 0) {
        lines.push(...receive(bal, line));
        continue;
      }
      const issued = issue(bal, line, rules, shortages);
      lines.push(...issued);
      if (line.transferTo) {
        const into = balances.get(balanceId(req.shopId, line.transferTo, line.product._id))!;
        for (const out of issued) {
          lines.push(...receive(into, { ...line, warehouseId: line.transferTo, qty: -out.qty, unitCost: out.unitCost, batchNo: out.batchNo, expiryDate: out.expiryDate }));
        }
      }
    }
    for (const input of req.lines) {
      if (!input.reserve) continue;
      const bal = balances.get(balanceId(req.shopId, input.warehouseId, input.product._id))!;
      bal.reserved = Math.max(0, (bal.reserved ?? 0) + input.reserve);
    }
    if (RESPECTS_RESERVATIONS.has(req.type) && !req.allowNegativeStock) shortages.push(...reservedShortages(req, balances, lines));
    if (shortages.length) throw insufficient(shortages, products);
    for (const w of guardWrites) if (w.doc && w.g.settle) w.doc = w.g.settle(w.doc, lines);

    for (const p of products.values()) {
      p.onHand = (p.onHand ?? 0) + lines.filter((l) => l.productId === p._id).reduce((s, l) => s + l.qty, 0);
    }
    const posting: Posting & { fingerprint: string } = {
      _id: pid,
      shopId: req.shopId,
      requestId: req.requestId,
      fingerprint: req.fingerprint,
      type: req.type,
      reason: req.reason ?? null,
      source: req.source ?? { kind: req.type, id: null, no: null },
      partyId: req.partyId ?? null,
      note: req.note ?? '',
      operator: req.operator,
      createdAt: now as unknown as string,
      lines,
      productIds,
      reverses: req.reverses ?? null,
      totals: {
        qty: lines.reduce((s, l) => s + l.qty, 0),
        // rounded once over the posting, so a payable does not drift a fen per scanned line
        costFen: lines.reduce((s, l) => s.plus(new Decimal(l.qty).times(l.unitCost)), new Decimal(0)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber(),
        amountFen: req.amountFen ?? null,
      },
      payment: (typeof req.payment === 'function' ? req.payment() : req.payment) ?? null,
      override: req.override ?? null,
      ...(req.leadDays !== undefined ? { leadDays: req.leadDays } : {}),
    };
    await Promise.all([
      ...[...balances.values()].map((b) => writeBalance(tx, b, now)),
      ...[...products.values()].map((p) => tx.update('products', p._id, { ...stockFlags(p), ...(req.counted ? { lastCountedAt: now.toISOString() } : {}) })),
      ...guardWrites.filter(({ doc }) => doc !== null).map(({ g, doc }) => tx.set(g.coll, g.id, doc!)),
      tx.set('postings', pid, posting as unknown as Record<string, unknown>),
      ...(req.creates ?? []).map((c) => tx.set(c.coll, c.id, c.doc)),
    ]);
    return { posting: { ...posting, createdAt: now.toISOString() }, replayed: false };
  });
}

/**
 * The stored answer of a request already posted (same type and body), null when it is new, or
 * E_DUPLICATE for the same id with another body. Documents that plan from state the first attempt
 * changed (returns) ask this before planning, so a retry is answered, not refused.
 */
export async function replayOf(db: Db, shopId: string, requestId: string, type: PostingType, fingerprint: string): Promise<Posting | null> {
  const existing = await db.getById<Posting & { fingerprint?: string }>('postings', postingId(shopId, requestId));
  if (!existing) return null;
  if (existing.type !== type || (existing.fingerprint && existing.fingerprint !== fingerprint)) {
    throw new AppError('E_DUPLICATE', '这个请求编号已用于另一笔内容不同的单据，请刷新后重新提交');
  }
  return existing;
}

/** Postings that sell or send goods away may not take what confirmed sales orders hold. */
const RESPECTS_RESERVATIONS = new Set<PostingType>(['sale', 'exchange', 'transfer', 'transfer_out', 'purchase_return']);

/** Balances a posting took below what is reserved: what was available and what was asked. */
function reservedShortages(req: Pick<PostingRequest, 'lines'>, balances: Map<string, StockBalance>, lines: PostingLine[]): Shortage[] {
  const out: Shortage[] = [];
  for (const bal of balances.values()) {
    const reserved = bal.reserved ?? 0;
    if (reserved === 0 || bal.qty >= reserved) continue;
    const requested = -lines.filter((l) => l.productId === bal.productId && l.warehouseId === bal.warehouseId && l.qty < 0).reduce((s, l) => s + l.qty, 0);
    if (requested === 0) continue;
    // What the others' orders hold is what is still reserved after this posting released its own.
    const name = req.lines.find((l) => l.product._id === bal.productId)?.product.name ?? '';
    out.push({ productId: bal.productId, productName: name, warehouseId: bal.warehouseId, batchNo: null, available: Math.max(bal.qty + requested - reserved, 0), requested, expired: 0, reserved });
  }
  return out;
}

/**
 * Holds (delta > 0) or releases (delta < 0) stock for sales orders, inside the caller's
 * transaction (a document step): reads and rewrites each balance; a hold beyond what is available
 * (on hand − already reserved) is refused unless the shop allows negative stock.
 */
export async function reserveInTx(tx: Tx, req: { shopId: string; allowNegativeStock: boolean; lines: { product: EngineProduct; warehouseId: string; delta: number }[] }): Promise<void> {
  const keys = [...new Set(req.lines.map((l) => balanceId(req.shopId, l.warehouseId, l.product._id)))];
  const docs = await Promise.all(keys.map((k) => tx.get<StockBalance>('stock', k)));
  const balances = new Map(keys.map((k, i) => [k, docs[i] ? { ...docs[i]!, _id: k } : null]));
  const shortages: Shortage[] = [];
  const changed = new Map<string, StockBalance>();
  for (const l of req.lines) {
    const key = balanceId(req.shopId, l.warehouseId, l.product._id);
    const bal = changed.get(key) ?? balances.get(key) ?? { _id: key, shopId: req.shopId, warehouseId: l.warehouseId, productId: l.product._id, qty: 0, unitCost: '0', batches: [], version: 0, updatedAt: '' };
    const before = bal.reserved ?? 0;
    bal.reserved = Math.max(0, before + l.delta);
    if (l.delta > 0 && !req.allowNegativeStock && bal.qty < bal.reserved) {
      shortages.push({ productId: bal.productId, productName: l.product.name, warehouseId: bal.warehouseId, batchNo: null, available: Math.max(bal.qty - before, 0), requested: l.delta, expired: 0, reserved: before });
    }
    changed.set(key, bal);
  }
  if (shortages.length) throw insufficient(shortages, new Map(req.lines.map((l) => [l.product._id, l.product as Product])));
  const now = new Date();
  await Promise.all([...changed.values()].map((b) => writeBalance(tx, b, now)));
}

/** The product's total on hand and its low-stock flag: the home page counts the flag with one query. */
export function stockFlags(p: Pick<Product, 'onHand' | 'minStock'>): { onHand: number; lowStock: boolean } {
  const onHand = p.onHand ?? 0;
  return { onHand, lowStock: p.minStock > 0 && onHand <= p.minStock };
}

/** 期初 is the first movement of a product in a warehouse: once, before anything else. */
function refuseOpeningAfterMovement(docs: (StockBalance | null)[], products: Map<string, Product>): void {
  const moved = docs.find((d) => d !== null);
  if (!moved) return;
  const p = products.get(moved.productId);
  throw new AppError('E_INVALID_STATE', `「${p?.name ?? '商品'}」在这个仓库已有出入库记录，期初只能在第一笔出入库之前录入一次；要改数量请用库存调整`, { productId: moved.productId });
}

/** Every balance the posting touches (a transfer's destination included), by balance id. */
function balancePlaces(req: PostingRequest): Map<string, { warehouseId: string; productId: string }> {
  const places = new Map<string, { warehouseId: string; productId: string }>();
  const add = (warehouseId: string, productId: string) => places.set(balanceId(req.shopId, warehouseId, productId), { warehouseId, productId });
  for (const l of req.lines) {
    add(l.warehouseId, l.product._id);
    if (l.transferTo) {
      if (l.transferTo === l.warehouseId) throw new AppError('E_VALIDATION', '调出和调入不能是同一个仓库');
      if (l.qty >= 0) throw new AppError('E_VALIDATION', '调拨行的数量必须是调出数量');
      add(l.transferTo, l.product._id);
    }
  }
  return places;
}

/** What a balance (or one of its batches) holds now: the quantity a count to zero takes out. */
function zeroingQty(bal: StockBalance, batchNo: string | null): number {
  if (batchNo === null) return bal.qty;
  return bal.batches.find((b) => b.batchNo === batchNo)?.qty ?? 0;
}

function emptyBalance(shopId: string, key: string, place: { warehouseId: string; productId: string }): StockBalance {
  return { _id: key, shopId, warehouseId: place.warehouseId, productId: place.productId, qty: 0, unitCost: '0', batches: [], version: 0, updatedAt: '' };
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
    if (line.expiryDate && b.expiryDate && b.expiryDate !== line.expiryDate) {
      throw new AppError('E_VALIDATION', `「${line.product.name}」批号 ${batchNo} 的到期日是 ${b.expiryDate}，与填写的 ${line.expiryDate} 不一致：同一批号只有一个到期日，不同到期日请用新批号`, {
        productId: line.product._id,
        batchNo,
        expiryDate: b.expiryDate,
      });
    }
    b.qty += line.qty;
    expiryDate = b.expiryDate;
  }
  return [ledgerLine(bal, line, line.qty, unitCost, batchNo, expiryDate)];
}

interface IssueRules {
  allowNegative: boolean;
  /** FEFO may pick expired batches (reversals, write-offs, returns to the supplier) */
  allowExpired: boolean;
  /** a named expired batch may leave (the above, or a recorded override) */
  namedExpiredOk: boolean;
  today: string;
}

const isExpired = (b: BatchBalance, today: string) => b.expiryDate !== null && b.expiryDate < today;

function issue(bal: StockBalance, line: EngineLine, rules: IssueRules, shortages: Shortage[]): PostingLine[] {
  let out = -line.qty;
  const short = (available: number, expired = 0) =>
    shortages.push({ productId: bal.productId, productName: line.product.name, warehouseId: bal.warehouseId, batchNo: line.batchNo ?? null, available, requested: out, expired });
  if (!line.product.batchTracked) {
    if (line.upToAvailable) out = Math.min(out, Math.max(bal.qty, 0));
    if (out === 0) return [];
    if (bal.qty < out && !rules.allowNegative) {
      short(Math.max(bal.qty, 0));
      return [];
    }
    return [issueFrom(bal, line, out, null, null)];
  }
  // Batch-tracked: the named batch, or FEFO (earliest expiry first, undated last). FEFO never
  // issues an expired batch; a named expired batch leaves only with a recorded override.
  const named = line.batchNo ? bal.batches.find((b) => b.batchNo === line.batchNo) : undefined;
  if (named && isExpired(named, rules.today) && !rules.namedExpiredOk && !line.writeOff) {
    throw new AppError('E_CONFIRM_REQUIRED', `「${line.product.name}」批号 ${named.batchNo} 已于 ${named.expiryDate} 过期：需要店主或店长填写原因后才能出库`, {
      kind: 'expired_batch_issue',
      productId: bal.productId,
      batchNo: named.batchNo,
    });
  }
  const positive = bal.batches.filter((b) => b.qty > 0);
  const candidates = line.batchNo ? [batchOf(bal, line.batchNo, null)] : positive.filter((b) => rules.allowExpired || !isExpired(b, rules.today)).sort(fefo);
  const available = candidates.reduce((s, b) => s + Math.max(b.qty, 0), 0);
  if (line.upToAvailable) out = Math.min(out, available);
  if (out === 0) return [];
  if (available < out && !rules.allowNegative) {
    short(available, line.batchNo ? 0 : positive.filter((b) => isExpired(b, rules.today)).reduce((s, b) => s + b.qty, 0));
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
    productName: line.product.name,
    warehouseId: bal.warehouseId,
    batchNo,
    expiryDate,
    qty,
    unitCost,
    amountFen: line.amountFen ?? null,
    qtyAfter: bal.qty,
    unitCostAfter: bal.unitCost,
    ...(line.writeOff ? { writeOff: true } : {}),
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
    reserved: b.reserved ?? 0,
    version: (b.version ?? 0) + 1,
    updatedAt: now,
  });
}

function insufficient(shortages: Shortage[], products: Map<string, Product>): AppError {
  const unitOf = (productId: string) => products.get(productId)?.baseUnit ?? '';
  const text = shortages
    .map((s) => {
      const u = unitOf(s.productId);
      const expired = s.expired > 0 ? `（另有 ${s.expired}${u} 已过期，不能出库）` : '';
      const held = s.reserved ? `（另有 ${s.reserved}${u} 已被订单预留）` : '';
      return `${s.productName}${s.batchNo ? `（批号 ${s.batchNo}）` : ''}${s.reserved ? '可用' : '现有'} ${s.available}${u}${held}，需要 ${s.requested}${u}${expired}`;
    })
    .join('；');
  return new AppError('E_INSUFFICIENT_STOCK', `库存不足：${text}`, shortages);
}

function stripId(doc: Record<string, unknown>): Record<string, unknown> {
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}
