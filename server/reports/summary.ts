// Daily summaries: one document per shop and China day (`daily_summaries/{shopId}_{yyyymmdd}`),
// built from the postings of COMPLETE days by one server-side aggregate per window (never a scan
// of the ledger), so a report reads a document per day instead of every posting. Postings are
// never backdated: a complete day's summary never changes, and writing it with `set` makes a
// re-run — or a run cut off half-way — harmless. Today (and any day the nightly job has not
// reached yet) is aggregated live by the same code, unsaved. A correction (a reversal) is a posting
// of the day it is made, so it never reopens a closed day — or the month roll-up of closed days
// (months.ts), which the same step writes once a month is complete.
import Decimal from 'decimal.js';
import type { PostingType } from '../../typings/models';
import { Db } from '../core/db';
import { chinaDay } from '../posting/engine';
import { addDays, dayStart } from '../replenishment/history';
import { aggregateMonthlySummaries, monthWatermarkAfterDays } from './months';

/**
 * Where a movement is counted in 进销存: its posting type, with a reversal counted (negatively) in
 * the type it reverses, transfers in one column, and returned goods written off as damaged in
 * their own column (damage is not a sale).
 */
export type Bucket = 'opening' | 'purchase_receipt' | 'purchase_return' | 'sale' | 'sale_return' | 'exchange' | 'transfer' | 'count_adjustment' | 'adjustment' | 'damage';
export const BUCKETS: Bucket[] = ['opening', 'purchase_receipt', 'purchase_return', 'sale', 'sale_return', 'exchange', 'transfer', 'count_adjustment', 'adjustment', 'damage'];

/** One product in one warehouse, one bucket: quantities (base units) and values at cost (fen) in and out. */
export interface MoveRow {
  p: string;
  w: string;
  b: Bucket;
  i: number;
  iv: number;
  o: number;
  ov: number;
}

/** Sales of one product in one warehouse: net of returns; sq/sa gross sold, rq/ra/rc returned, dq/dv damaged. */
export interface SalesRow {
  p: string;
  w: string;
  /** product name and category when sold */
  n: string;
  g: string;
  q: number;
  a: number;
  c: number;
  sq: number;
  sa: number;
  rq: number;
  ra: number;
  rc: number;
  dq: number;
  dv: number;
}

/** Sales of one customer (id '' = walk-in) or one clerk in one warehouse: net qty, amount, cost, orders. */
export interface PartyRow {
  id: string;
  w: string;
  name?: string;
  q: number;
  a: number;
  c: number;
  n: number;
}

/** Goods from one supplier: received (q, v) and returned (rq, rv) per product and warehouse. */
export interface SupplierRow {
  id: string;
  p: string;
  w: string;
  q: number;
  v: number;
  rq: number;
  rv: number;
}

export interface DailySummary {
  _id?: string;
  shopId: string;
  day: string;
  moves: MoveRow[];
  sales: SalesRow[];
  customers: PartyRow[];
  clerks: PartyRow[];
  suppliers: SupplierRow[];
  builtAt?: string;
}

export const summaryId = (shopId: string, day: string) => `${shopId}_${day.replace(/-/g, '')}`;
export const summaryStateId = (shopId: string) => `summary_${shopId}`;

/** What the aggregate answers: one group of ledger lines with the same key. */
interface LineGroup {
  _id: { d: string; p: string; w: string; t: PostingType; k: string; x: boolean | null; u: string; s: boolean; party: string | null; op: string };
  q: number;
  a: number;
  n: string;
  on: string;
}

interface OrderGroup {
  _id: { d: string; w: string; t: PostingType; k: string; party: string | null; op: string };
  n: number;
}

const SALE_TYPES: PostingType[] = ['sale', 'sale_return', 'exchange'];
const DAY = { $dateToString: { format: '%Y-%m-%d', date: '$createdAt', timezone: '+08:00' } };
const round2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();

/**
 * Every group of ledger lines of the shop's postings in [from, toExclusive) (China days): by day,
 * product, warehouse, type, source kind, write-off, unit cost, direction, customer and clerk — so
 * values are computed exactly (qty × unit cost with decimal.js) without a type conversion on the
 * database. Paged 1000 groups per request.
 */
async function lineGroups(db: Db, shopId: string, from: string, toExclusive: string): Promise<LineGroup[]> {
  const _ = db.command;
  const $ = db.raw.command.aggregate;
  const out: LineGroup[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await db
      .aggregate('postings')
      .match({ shopId, createdAt: _.gte(dayStart(from)).and(_.lt(dayStart(toExclusive))) })
      .unwind('$lines')
      .group({
        _id: {
          d: DAY,
          p: '$lines.productId',
          w: '$lines.warehouseId',
          t: '$type',
          k: '$source.kind',
          x: '$lines.writeOff',
          u: '$lines.unitCost',
          s: $.gt(['$lines.qty', 0]),
          party: '$partyId',
          op: '$operator.openid',
        },
        q: $.sum('$lines.qty'),
        a: $.sum('$lines.amountFen'),
        n: $.last('$lines.productName'),
        on: $.last('$operator.name'),
      })
      .sort({ _id: 1 })
      .skip(skip)
      .limit(1000)
      .end();
    out.push(...(res.list as LineGroup[]));
    if (res.list.length < 1000) return out;
  }
}

/** Sale postings (and their reversals) per day, warehouse, customer and clerk: the order counts. */
async function orderGroups(db: Db, shopId: string, from: string, toExclusive: string): Promise<OrderGroup[]> {
  const _ = db.command;
  const $ = db.raw.command.aggregate;
  const out: OrderGroup[] = [];
  for (let skip = 0; ; skip += 1000) {
    const res = await db
      .aggregate('postings')
      .match({ shopId, createdAt: _.gte(dayStart(from)).and(_.lt(dayStart(toExclusive))), type: _.in(['sale', 'reversal']) })
      .unwind('$lines')
      // one row per posting and warehouse, then counted
      .group({ _id: { id: '$_id', d: DAY, w: '$lines.warehouseId', t: '$type', k: '$source.kind', party: '$partyId', op: '$operator.openid' } })
      .group({ _id: { d: '$_id.d', w: '$_id.w', t: '$_id.t', k: '$_id.k', party: '$_id.party', op: '$_id.op' }, n: $.sum(1) })
      .sort({ _id: 1 })
      .skip(skip)
      .limit(1000)
      .end();
    out.push(...(res.list as OrderGroup[]));
    if (res.list.length < 1000) return out;
  }
}

/** The bucket of a ledger line, and whether it counts against its type (a reversal). */
export function bucketOf(type: PostingType, kind: string, writeOff: boolean, inbound: boolean): { bucket: Bucket; sign: 1 | -1; originalIn: boolean } | null {
  const reversed = type === 'reversal';
  const t = (reversed ? kind : type) as PostingType;
  const originalIn = reversed ? !inbound : inbound;
  const sign = reversed ? -1 : 1;
  if (t === 'transfer_out' || t === 'transfer_in' || t === 'transfer') return { bucket: 'transfer', sign, originalIn };
  // A reversal loses the write-off flag: a return posts goods in, so what went out of a return was written off.
  if (writeOff || (t === 'sale_return' && !originalIn)) return { bucket: 'damage', sign, originalIn };
  if ((BUCKETS as string[]).includes(t)) return { bucket: t as Bucket, sign, originalIn };
  return null;
}

/** Builds one summary per day from the groups of [from, toExclusive); days without postings have none. */
export async function buildSummaries(db: Db, shopId: string, from: string, toExclusive: string, categories: Map<string, string>): Promise<DailySummary[]> {
  const [lines, orders] = await Promise.all([lineGroups(db, shopId, from, toExclusive), orderGroups(db, shopId, from, toExclusive)]);
  const days = new Map<string, Acc>();
  const acc = (d: string) => {
    let a = days.get(d);
    if (!a) days.set(d, (a = new Acc()));
    return a;
  };
  for (const g of lines) acc(g._id.d).line(g, categories);
  for (const o of orders) {
    const t = o._id.t === 'reversal' ? o._id.k : o._id.t;
    if (t !== 'sale') continue;
    const n = o._id.t === 'reversal' ? -o.n : o.n;
    const a = acc(o._id.d);
    a.party(a.customers, o._id.party ?? '', o._id.w).n += n;
    a.party(a.clerks, o._id.op, o._id.w).n += n;
  }
  return [...days.entries()].sort(([x], [y]) => x.localeCompare(y)).map(([day, a]) => ({ shopId, day, ...a.rows() }));
}

/** Accumulates one day's rows; values as decimals until the end (2 decimals of a fen kept). */
class Acc {
  moves = new Map<string, { p: string; w: string; b: Bucket; i: number; iv: Decimal; o: number; ov: Decimal }>();
  sales = new Map<string, Omit<SalesRow, 'c' | 'rc' | 'dv'> & { c: Decimal; rc: Decimal; dv: Decimal }>();
  customers = new Map<string, { id: string; w: string; name?: string; q: number; a: number; c: Decimal; n: number }>();
  clerks = new Map<string, { id: string; w: string; name?: string; q: number; a: number; c: Decimal; n: number }>();
  suppliers = new Map<string, { id: string; p: string; w: string; q: number; v: Decimal; rq: number; rv: Decimal }>();

  party(map: Acc['customers'], id: string, w: string) {
    const key = `${id}|${w}`;
    let r = map.get(key);
    if (!r) map.set(key, (r = { id, w, q: 0, a: 0, c: new Decimal(0), n: 0 }));
    return r;
  }

  line(g: LineGroup, categories: Map<string, string>) {
    const { p, w, t, k, x, u, s, party, op } = g._id;
    const where = bucketOf(t, k, Boolean(x), s);
    if (!where) return;
    const value = new Decimal(g.q).times(u || 0); // signed, like q
    const key = `${p}|${w}|${where.bucket}`;
    let m = this.moves.get(key);
    if (!m) this.moves.set(key, (m = { p, w, b: where.bucket, i: 0, iv: new Decimal(0), o: 0, ov: new Decimal(0) }));
    // In and out as the original movement went; a reversal takes its quantity back off that side.
    if (where.originalIn) {
      m.i += g.q;
      m.iv = m.iv.plus(value);
    } else {
      m.o -= g.q;
      m.ov = m.ov.minus(value);
    }
    const t0 = (t === 'reversal' ? k : t) as PostingType;
    if (SALE_TYPES.includes(t0)) this.sale(g, where.bucket, where.originalIn, value, categories, party ?? '', op);
    if ((t0 === 'purchase_receipt' || t0 === 'purchase_return') && party) {
      const sk = `${party}|${p}|${w}`;
      let r = this.suppliers.get(sk);
      if (!r) this.suppliers.set(sk, (r = { id: party, p, w, q: 0, v: new Decimal(0), rq: 0, rv: new Decimal(0) }));
      if (t0 === 'purchase_receipt') {
        r.q += g.q;
        r.v = r.v.plus(value);
      } else {
        r.rq -= g.q;
        r.rv = r.rv.minus(value);
      }
    }
  }

  private sale(g: LineGroup, bucket: Bucket, originalIn: boolean, value: Decimal, categories: Map<string, string>, party: string, op: string) {
    const { p, w } = g._id;
    const key = `${p}|${w}`;
    let r = this.sales.get(key);
    if (!r) this.sales.set(key, (r = { p, w, n: g.n, g: categories.get(p) ?? '', q: 0, a: 0, c: new Decimal(0), sq: 0, sa: 0, rq: 0, ra: 0, rc: new Decimal(0), dq: 0, dv: new Decimal(0) }));
    const amount = g.a ?? 0;
    if (bucket === 'damage') {
      // returned goods written off: a loss at cost, neither a sale nor a return of one
      r.dq -= g.q;
      r.dv = r.dv.minus(value);
      return;
    }
    // Sold lines go out (q < 0), returned ones come in (q > 0, amount < 0): net sales are −q, +amount.
    r.q -= g.q;
    r.a += amount;
    r.c = r.c.minus(value);
    if (!originalIn) {
      r.sq -= g.q;
      r.sa += amount;
    } else {
      r.rq += g.q;
      r.ra -= amount;
      r.rc = r.rc.plus(value);
    }
    for (const who of [this.party(this.customers, party, w), this.party(this.clerks, op, w)]) {
      who.q -= g.q;
      who.a += amount;
      who.c = who.c.minus(value);
    }
    this.party(this.clerks, op, w).name = g.on;
  }

  rows(): Omit<DailySummary, 'shopId' | 'day'> {
    const party = (m: Acc['customers']) => [...m.values()].map((r) => ({ ...r, c: round2(r.c) }));
    return {
      moves: [...this.moves.values()].map((m) => ({ ...m, iv: round2(m.iv), ov: round2(m.ov) })),
      sales: [...this.sales.values()].map((r) => ({ ...r, c: round2(r.c), rc: round2(r.rc), dv: round2(r.dv) })),
      customers: party(this.customers),
      clerks: party(this.clerks),
      suppliers: [...this.suppliers.values()].map((r) => ({ ...r, v: round2(r.v), rv: round2(r.rv) })),
    };
  }
}

/** Category of every product of the shop (one read per 1000 products). */
export async function categoriesOf(db: Db, shopId: string): Promise<Map<string, string>> {
  const rows = await db.findAll<{ _id: string; category?: string }>('products', { shopId }, [['_id', 'asc']], 100_000, { category: true });
  return new Map(rows.map((r) => [r._id, r.category ?? '']));
}

/** The first China day the shop posted anything, or null. */
async function firstPostingDay(db: Db, shopId: string): Promise<string | null> {
  const [first] = await db.find<{ createdAt: string }>('postings', { shopId }, { orderBy: [['createdAt', 'asc']], limit: 1, fields: { createdAt: true } });
  if (!first) return null;
  return chinaDay(new Date(first.createdAt));
}

export interface SummaryRun {
  from: string | null;
  to: string;
  documents: number;
  /** month roll-ups written (server/reports/months.ts) */
  months: number;
  done: boolean;
}

/** The step's watermarks: the last summarised day and the last rolled-up month. */
export interface SummaryState {
  shopId: string;
  lastDay: string;
  lastMonth?: string | null;
}

/**
 * The nightly step: summaries of the complete days after the shop's watermark up to yesterday (of
 * `today`), in windows of `windowDays`, the watermark saved after each window, stopping when past
 * `deadline` (the next invocation continues). The first run starts at the shop's first posting.
 * Then the complete months are rolled up (months.ts), resumable the same way.
 */
export async function aggregateDailySummaries(db: Db, shopId: string, today: string, options: { deadline?: number; windowDays?: number } = {}): Promise<SummaryRun> {
  const stateKey = summaryStateId(shopId);
  const state = await db.getById<SummaryState>('job_state', stateKey);
  let lastMonth = state?.lastMonth ?? null;
  const save = (lastDay: string) => db.set('job_state', stateKey, { shopId, lastDay, lastMonth, updatedAt: new Date() });
  const yesterday = addDays(today, -1);
  const from = state?.lastDay ? addDays(state.lastDay, 1) : await firstPostingDay(db, shopId);
  const months = async (lastDay: string) => {
    const r = await aggregateMonthlySummaries(db, shopId, lastDay, lastMonth, async (m) => {
      lastMonth = m;
      await save(lastDay);
    }, options);
    return r;
  };
  if (!from || from > yesterday) {
    if (!state?.lastDay || state.lastDay < yesterday) await save(yesterday);
    const m = await months(yesterday);
    return { from: null, to: yesterday, documents: 0, months: m.months, done: m.done };
  }
  // Days of a rolled-up month are about to be (re)written: that month (and later ones) roll up again.
  lastMonth = monthWatermarkAfterDays(lastMonth, from);
  const categories = await categoriesOf(db, shopId);
  // A week per aggregate keeps each answer small (a busy shop sells thousands of lines a week).
  const window = options.windowDays ?? 7;
  let documents = 0;
  for (let start = from; start <= yesterday; start = addDays(start, window)) {
    const end = addDays(start, window) > yesterday ? addDays(yesterday, 1) : addDays(start, window);
    const built = await buildSummaries(db, shopId, start, end, categories);
    for (const s of built) await db.set('daily_summaries', summaryId(shopId, s.day), { ...s, builtAt: new Date().toISOString() } as unknown as Record<string, unknown>);
    documents += built.length;
    await save(addDays(end, -1));
    if (options.deadline !== undefined && Date.now() > options.deadline && end <= yesterday) return { from, to: addDays(end, -1), documents, months: 0, done: false };
  }
  const m = await months(yesterday);
  return { from, to: yesterday, documents, months: m.months, done: m.done };
}
