// Demand history without scanning the ledger: one aggregate over the postings of COMPLETE days
// since the watermark (grouped by product and China-time day) sets the daily quantities of
// sales_history/{shopId}_{productId}_{year}. Postings are never backdated, so a completed day's total
// never changes: setting (not adding) makes a re-run — or a run cut off half-way — harmless.
import { Db } from '../core/db';

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

export interface SalesHistoryDoc {
  _id: string;
  shopId: string;
  productId: string;
  year: number;
  /** demand (units sold − units returned) per day of the year, China time; index 0 = 1 January */
  daily: number[];
}

export const historyId = (shopId: string, productId: string, year: number) => `${shopId}_${productId}_${year}`;

/** 'YYYY-MM-DD' of an instant in China time. */
export { chinaDay } from '../posting/engine';

/** Start of a China-time day as an instant. */
export function dayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - CHINA_OFFSET_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from one 'YYYY-MM-DD' to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function dayOfYear(day: string): { year: number; index: number } {
  const year = Number(day.slice(0, 4));
  return { year, index: Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(year, 0, 1)) / DAY_MS) };
}

interface Row {
  _id: { productId: string; day: string };
  qty: number;
}

/** Postings whose lines are demand (sales −, returns +); a reversal of one of them nets it out. */
const DEMAND_TYPES = ['sale', 'sale_return', 'exchange'];

/**
 * Aggregates the complete days after the shop's watermark up to yesterday (of `today`), at most
 * `maxDays` back, in chunks of 31 days and pages of 1000 rows; answers what it did.
 */
export async function aggregateSalesHistory(db: Db, shopId: string, today: string, maxDays = 730): Promise<{ from: string | null; to: string; rows: number; documents: number }> {
  const stateId = `history_${shopId}`;
  const state = await db.getById<{ lastDay: string }>('job_state', stateId);
  const yesterday = addDays(today, -1);
  const earliest = addDays(today, -maxDays);
  const from = state?.lastDay ? addDays(state.lastDay, 1) : earliest;
  if (from > yesterday) return { from: null, to: yesterday, rows: 0, documents: 0 };
  const byDoc = new Map<string, { productId: string; year: number; values: Map<number, number> }>();
  let rows = 0;
  for (let start = from; start <= yesterday; start = addDays(start, 31)) {
    const endExclusive = addDays(start, 31) > addDays(yesterday, 1) ? addDays(yesterday, 1) : addDays(start, 31);
    const _ = db.command;
    for (let skip = 0; ; skip += 1000) {
      const res = await db
        .aggregate('postings')
        // Sales, returns, exchanges, and the reversals of any of them (their lines net the original out).
        .match(
          _.and([
            { shopId, createdAt: _.gte(dayStart(start)).and(_.lt(dayStart(endExclusive))) },
            _.or([{ type: _.in(DEMAND_TYPES) }, { type: 'reversal', 'source.kind': _.in(DEMAND_TYPES) }]),
          ]),
        )
        .unwind('$lines')
        // Returned goods written off as damaged are neither demand nor a return of demand.
        .match({ 'lines.writeOff': _.neq(true) })
        .group({
          _id: { productId: '$lines.productId', day: { $dateToString: { format: '%Y-%m-%d', date: '$createdAt', timezone: '+08:00' } } },
          qty: db.raw.command.aggregate.sum('$lines.qty'),
        })
        .sort({ _id: 1 })
        .skip(skip)
        .limit(1000)
        .end();
      const list = res.list as Row[];
      rows += list.length;
      for (const r of list) {
        const { year, index } = dayOfYear(r._id.day);
        const key = historyId(shopId, r._id.productId, year);
        const entry = byDoc.get(key) ?? { productId: r._id.productId, year, values: new Map() };
        entry.values.set(index, -r.qty); // sale lines are negative; returns give demand back
        byDoc.set(key, entry);
      }
      if (list.length < 1000) break;
    }
  }
  const ids = [...byDoc.keys()];
  const existing = new Map((await db.getMany<SalesHistoryDoc>('sales_history', ids)).map((d) => [d._id, d]));
  for (const [id, entry] of byDoc) {
    const daily = existing.get(id)?.daily?.slice() ?? Array.from({ length: 366 }, () => 0);
    for (const [index, qty] of entry.values) daily[index] = qty;
    await db.set('sales_history', id, { shopId, productId: entry.productId, year: entry.year, daily });
  }
  await db.set('job_state', stateId, { shopId, lastDay: yesterday, updatedAt: new Date() });
  return { from, to: yesterday, rows, documents: byDoc.size };
}

/** The daily demand from `first` to `last` (inclusive) read from a product's history documents by year. */
export function seriesFrom(docsByYear: Map<number, SalesHistoryDoc>, first: string, last: string): number[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  const days = Math.round((Date.parse(`${last}T00:00:00Z`) - start) / DAY_MS) + 1;
  const out = new Array<number>(Math.max(0, days)).fill(0);
  for (let i = 0; i < out.length; i++) {
    const d = new Date(start + i * DAY_MS);
    const year = d.getUTCFullYear();
    const doc = docsByYear.get(year);
    if (!doc) continue;
    const v = doc.daily[Math.round((d.getTime() - Date.UTC(year, 0, 1)) / DAY_MS)];
    out[i] = typeof v === 'number' && Number.isFinite(v) ? v : 0;
  }
  return out;
}
