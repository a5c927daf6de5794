// Monthly roll-ups: a complete month's daily summaries folded into documents per shop, month and
// section (`monthly_summaries/{shopId}_{yyyymm}_{section}_{part}`, at most ROWS_PER_PART rows
// each, so a month of thousands of products stays far below the cloud's document size), so a year's
// report reads ~12 months of documents instead of ~365 days. A month is built from its STORED days
// (never the ledger), by the nightly summary step once its last day is summarised; its watermark
// (`lastMonth`) lives beside the days' (`lastDay`) and falls back whenever days inside a built
// month are (re)written, so a rebuild of days rebuilds their months. Sums stay exact: values are
// kept at the days' two decimals of a fen (add2), so a month's figures equal the sum of its days'.
import { Db } from '../core/db';
import { forEachLimit } from '../core/pool';
import { addDays } from '../replenishment/history';
import type { DailySummary, MoveRow, PartyRow, SalesRow, SupplierRow } from './summary';

/** What a month adds to a day's rows, where a report needs the day inside the month. */
export interface MonthMoveRow extends MoveRow {
  /** last day with goods received (purchase_receipt rows) */
  lr?: string;
}
export interface MonthSalesRow extends SalesRow {
  /** last day with a sale */
  ls?: string;
}
export interface MonthSupplierRow extends SupplierRow {
  /** unit cost (fen) on the first and last day with goods received, and the value of those days */
  fu?: number;
  lu?: number;
  pv?: number;
}
/** Sales per day and warehouse (the 毛利 by-day chart over months): net qty, amount, cost, orders. */
export interface DayRow {
  d: string;
  w: string;
  q: number;
  a: number;
  c: number;
  n: number;
}
/** The days a supplier delivered to a warehouse. */
export interface ReceiptDaysRow {
  id: string;
  w: string;
  d: string[];
}

/** A day's summary or a month's roll-up: `day` is the first day, `through` the last (months only). */
export interface Span extends DailySummary {
  through?: string;
  moves: MonthMoveRow[];
  sales: MonthSalesRow[];
  suppliers: MonthSupplierRow[];
  daily?: DayRow[];
  receiptDays?: ReceiptDaysRow[];
}

export type MonthSection = 'moves' | 'sales' | 'customers' | 'clerks' | 'suppliers' | 'daily' | 'receiptDays';
const MONTH_SECTIONS: MonthSection[] = ['moves', 'sales', 'customers', 'clerks', 'suppliers', 'daily', 'receiptDays'];
/** Rows per document: ~150 bytes a row keeps a part near 1 MB (the cloud refuses writes of a few MB). */
export const ROWS_PER_PART = 6000;
/** A month's parts written side by side (a month of 2,000 products is a dozen documents). */
const WRITE_CONCURRENCY = 8;

interface MonthDoc {
  _id?: string;
  shopId: string;
  month: string;
  section: MonthSection;
  part: number;
  from: string;
  through: string;
  rows: unknown[];
  builtAt?: string;
}

/** A sum of two values with two decimals, kept at two decimals: exact whatever the order of summing. */
export const add2 = (a: number, b: number) => Math.round((a + b) * 100) / 100;

export const monthOf = (day: string) => day.slice(0, 7);
export const firstDayOf = (month: string) => `${month}-01`;
export const lastDayOf = (month: string) => addDays(firstDayOf(nextMonth(month)), -1);
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
export const previousMonth = (month: string) => monthOf(addDays(firstDayOf(month), -1));
const partId = (shopId: string, month: string, section: MonthSection, part: number) => `${shopId}_${month.replace('-', '')}_${section}_${part}`;

/** Folds a month's days (ascending) into one span; rows in the order they first appear. */
export function rollUp(shopId: string, month: string, days: DailySummary[]): Span {
  const moves = new Map<string, MonthMoveRow>();
  const sales = new Map<string, MonthSalesRow>();
  const customers = new Map<string, PartyRow>();
  const clerks = new Map<string, PartyRow>();
  const suppliers = new Map<string, MonthSupplierRow>();
  const daily = new Map<string, DayRow>();
  const receipts = new Map<string, ReceiptDaysRow>();
  const party = (m: Map<string, PartyRow>, r: PartyRow) => {
    const k = `${r.id}|${r.w}`;
    const x = m.get(k);
    if (!x) return void m.set(k, { ...r });
    x.q += r.q;
    x.a += r.a;
    x.c = add2(x.c, r.c);
    x.n += r.n;
  };
  const dayRow = (d: string, w: string) => {
    const k = `${d}|${w}`;
    let x = daily.get(k);
    if (!x) daily.set(k, (x = { d, w, q: 0, a: 0, c: 0, n: 0 }));
    return x;
  };
  for (const day of days) {
    for (const r of day.moves) {
      const k = `${r.p}|${r.w}|${r.b}`;
      let x = moves.get(k);
      if (!x) moves.set(k, (x = { p: r.p, w: r.w, b: r.b, i: 0, iv: 0, o: 0, ov: 0 }));
      x.i += r.i;
      x.iv = add2(x.iv, r.iv);
      x.o += r.o;
      x.ov = add2(x.ov, r.ov);
      if (r.b === 'purchase_receipt' && r.i > 0) x.lr = day.day;
    }
    for (const r of day.sales) {
      const k = `${r.p}|${r.w}`;
      let x = sales.get(k);
      if (!x) sales.set(k, (x = { p: r.p, w: r.w, n: r.n, g: r.g, q: 0, a: 0, c: 0, sq: 0, sa: 0, rq: 0, ra: 0, rc: 0, dq: 0, dv: 0 }));
      x.q += r.q;
      x.a += r.a;
      x.c = add2(x.c, r.c);
      x.sq += r.sq;
      x.sa += r.sa;
      x.rq += r.rq;
      x.ra += r.ra;
      x.rc = add2(x.rc, r.rc);
      x.dq += r.dq;
      x.dv = add2(x.dv, r.dv);
      if (r.sq > 0) x.ls = day.day;
      const t = dayRow(day.day, r.w);
      t.q += r.q;
      t.a += r.a;
      t.c = add2(t.c, r.c);
    }
    for (const r of day.customers) party(customers, r);
    for (const r of day.clerks) {
      party(clerks, r);
      if (r.n) dayRow(day.day, r.w).n += r.n;
    }
    for (const r of day.suppliers) {
      const k = `${r.id}|${r.p}|${r.w}`;
      let x = suppliers.get(k);
      if (!x) suppliers.set(k, (x = { id: r.id, p: r.p, w: r.w, q: 0, v: 0, rq: 0, rv: 0 }));
      x.q += r.q;
      x.v = add2(x.v, r.v);
      x.rq += r.rq;
      x.rv = add2(x.rv, r.rv);
      if (r.q > 0) {
        const unit = r.v / r.q;
        x.fu ??= unit;
        x.lu = unit;
        x.pv = add2(x.pv ?? 0, r.v);
        const rk = `${r.id}|${r.w}`;
        let d = receipts.get(rk);
        if (!d) receipts.set(rk, (d = { id: r.id, w: r.w, d: [] }));
        if (d.d[d.d.length - 1] !== day.day) d.d.push(day.day);
      }
    }
  }
  return {
    shopId,
    day: firstDayOf(month),
    through: lastDayOf(month),
    moves: [...moves.values()],
    sales: [...sales.values()],
    customers: [...customers.values()],
    clerks: [...clerks.values()],
    suppliers: [...suppliers.values()],
    daily: [...daily.values()].filter((x) => x.q || x.a || x.c || x.n),
    receiptDays: [...receipts.values()],
  };
}

/** The documents of a month's span: each section in parts of ROWS_PER_PART rows (none for an empty section). */
export function monthDocuments(span: Span, month: string): (MonthDoc & { _id: string })[] {
  const out: (MonthDoc & { _id: string })[] = [];
  for (const section of MONTH_SECTIONS) {
    const rows = (span[section] ?? []) as unknown[];
    for (let part = 0; part * ROWS_PER_PART < rows.length; part++) {
      out.push({ _id: partId(span.shopId, month, section, part), shopId: span.shopId, month, section, part, from: span.day, through: span.through!, rows: rows.slice(part * ROWS_PER_PART, (part + 1) * ROWS_PER_PART) });
    }
  }
  return out;
}

/** The month watermark after days from `from` on were (re)written: a month holding one of them is no longer built. */
export function monthWatermarkAfterDays(lastMonth: string | null | undefined, from: string): string | null {
  if (!lastMonth) return null;
  return lastMonth < monthOf(from) ? lastMonth : previousMonth(monthOf(from));
}

export interface MonthRun {
  months: number;
  documents: number;
  lastMonth: string | null;
  done: boolean;
}

/**
 * Rolls up every complete month after `lastMonth` whose last day is at most `lastDay` (the days'
 * watermark), oldest first, saving the month watermark after each (`saveWatermark`), stopping when
 * past `deadline`. A month is rebuilt whole: its old parts removed, then written — readers use
 * its days until the watermark passes it.
 */
export async function aggregateMonthlySummaries(
  db: Db,
  shopId: string,
  lastDay: string,
  lastMonth: string | null,
  saveWatermark: (lastMonth: string) => Promise<void>,
  options: { deadline?: number } = {},
): Promise<MonthRun> {
  const _ = db.command;
  let month: string;
  if (lastMonth) month = nextMonth(lastMonth);
  else {
    const [first] = await db.find<{ day: string }>('daily_summaries', { shopId }, { orderBy: [['day', 'asc']], limit: 1, fields: { day: true } });
    if (!first) return { months: 0, documents: 0, lastMonth, done: true };
    month = monthOf(first.day);
  }
  let months = 0;
  let documents = 0;
  let watermark = lastMonth;
  for (; lastDayOf(month) <= lastDay; month = nextMonth(month)) {
    if (options.deadline !== undefined && months > 0 && Date.now() > options.deadline) return { months, documents, lastMonth: watermark, done: false };
    const days = await db.findAll<DailySummary>('daily_summaries', { shopId, day: _.gte(firstDayOf(month)).and(_.lte(lastDayOf(month))) }, [['day', 'asc']], 1000);
    const docs = days.length ? monthDocuments(rollUp(shopId, month, days), month) : [];
    await db.removeWhere('monthly_summaries', { shopId, month });
    const builtAt = new Date().toISOString();
    await forEachLimit(docs, WRITE_CONCURRENCY, (d) => db.set('monthly_summaries', d._id, { ...d, builtAt } as unknown as Record<string, unknown>));
    await saveWatermark(month);
    watermark = month;
    months++;
    documents += docs.length;
  }
  return { months, documents, lastMonth: watermark, done: true };
}

/** The stored months' spans (`months` ascending), only the sections asked for. */
export async function loadMonths(db: Db, shopId: string, months: string[], sections: MonthSection[]): Promise<Span[]> {
  if (!months.length) return [];
  const _ = db.command;
  const docs = await db.findAll<MonthDoc>(
    'monthly_summaries',
    { shopId, month: _.in(months), section: _.in(sections) },
    [['month', 'asc'], ['section', 'asc'], ['part', 'asc']],
    100_000,
    { month: true, section: true, part: true, from: true, through: true, rows: true },
  );
  const spans = new Map<string, Span>(months.map((m) => [m, { shopId, day: firstDayOf(m), through: lastDayOf(m), moves: [], sales: [], customers: [], clerks: [], suppliers: [], daily: [], receiptDays: [] }]));
  for (const d of docs) (spans.get(d.month)![d.section] as unknown[]).push(...d.rows);
  return [...spans.values()];
}
