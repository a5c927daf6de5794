// What a report reads: the period's complete rolled-up months (months.ts, one read), its other days
// — stored summaries up to the nightly watermark (one read per run of days), the days after it (today
// at least) aggregated live from their postings — plus the shop's products and balances when the
// report needs them. Never the ledger of a past day.
import type { ReportPeriod } from '../../typings/api/reports';
import type { Product, StockBalance } from '../../typings/models';
import { Db } from '../core/db';
import { addDays, daysBetween } from '../replenishment/history';
import { firstDayOf, lastDayOf, loadMonths, MonthSection, monthOf, nextMonth, Span } from './months';
import { buildSummaries, DailySummary, summaryStateId, SummaryState } from './summary';

export interface PeriodInput {
  period: 'today' | 'week' | 'month' | 'year' | 'custom';
  from?: string;
  to?: string;
  warehouseId?: string;
}

/** Monday of the China week of `day`. */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

export function resolvePeriod(input: PeriodInput, today: string): { from: string; to: string } {
  switch (input.period) {
    case 'today':
      return { from: today, to: today };
    case 'week':
      return { from: weekStart(today), to: today };
    case 'month':
      return { from: `${today.slice(0, 8)}01`, to: today };
    case 'year':
      return { from: `${today.slice(0, 5)}01-01`, to: today };
    default:
      return { from: input.from!, to: input.to! };
  }
}

export type ProductInfo = Pick<Product, '_id' | 'name' | 'baseUnit' | 'category' | 'archived'>;

export interface Loaded {
  /** the days and months read, ascending and not overlapping (a month's span: `day` to `through`) */
  days: Span[];
  summarizedThrough: string | null;
}

/**
 * The parts of a summary a report reads; a stored day or month brings only those (a year of
 * summaries is tens of MB). 'daily' (sales per day) and 'receiptDays' exist in months only: a
 * day's own rows are its daily figures.
 */
export type SummarySection = MonthSection;
const SECTIONS: SummarySection[] = ['moves', 'sales', 'customers', 'clerks', 'suppliers'];

/** The complete months inside [from, to]. */
function monthsWithin(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = monthOf(from); firstDayOf(m) <= to; m = nextMonth(m)) if (firstDayOf(m) >= from && lastDayOf(m) <= to) out.push(m);
  return out;
}

/** [from, to] without the months' days: the contiguous ranges left. */
function rangesOutside(from: string, to: string, months: string[]): [string, string][] {
  const out: [string, string][] = [];
  let start = from;
  for (const m of months) {
    if (firstDayOf(m) > start) out.push([start, addDays(firstDayOf(m), -1)]);
    start = addDays(lastDayOf(m), 1);
  }
  if (start <= to) out.push([start, to]);
  return out;
}

/**
 * The days from `from` to `to` (China days, `to` capped at today), stored or live. With `splitAt`
 * (a report's last day when it reads on to today), the complete rolled-up months inside
 * [from, splitAt] and inside (splitAt, to] come as one span each, so a month never straddles the
 * period's end; without it, days only (the dashboard's 30 days).
 */
export async function loadDays(
  db: Db,
  shopId: string,
  from: string,
  to: string,
  today: string,
  categories: () => Promise<Map<string, string>>,
  sections: SummarySection[] = SECTIONS,
  options: { splitAt?: string } = {},
): Promise<Loaded> {
  const last = to > today ? today : to;
  if (from > last) return { days: [], summarizedThrough: null };
  const _ = db.command;
  const state = await db.getById<SummaryState>('job_state', summaryStateId(shopId));
  const through = state?.lastDay ?? null;
  const storedTo = through && through < last ? through : last;
  const daySections = SECTIONS.filter((k) => sections.includes(k));
  let months: string[] = [];
  if (options.splitAt && state?.lastMonth) {
    const split = options.splitAt < storedTo ? options.splitAt : storedTo;
    months = [...monthsWithin(from, split), ...(split < storedTo ? monthsWithin(addDays(split, 1), storedTo) : [])].filter((m) => m <= state.lastMonth!);
  }
  const dayDoc = (d: DailySummary) => ({ ...d, ...Object.fromEntries(SECTIONS.filter((k) => !daySections.includes(k)).map((k) => [k, []])) }) as Span;
  const [monthSpans, ...dayRanges] = await Promise.all([
    loadMonths(db, shopId, months, sections),
    ...(through && from <= storedTo ? rangesOutside(from, storedTo, months) : []).map(([a, b]) =>
      db.findAll<DailySummary>('daily_summaries', { shopId, day: _.gte(a).and(_.lte(b)) }, [['day', 'asc']], 10_000, Object.fromEntries([['shopId', true], ['day', true], ...daySections.map((k) => [k, true])])),
    ),
  ]);
  const liveFrom = through && through >= from ? addDays(through, 1) : from;
  const live = liveFrom <= last ? await buildSummaries(db, shopId, liveFrom, addDays(last, 1), await categories()) : [];
  const stored = [...monthSpans, ...dayRanges.flat().map(dayDoc)].sort((a, b) => a.day.localeCompare(b.day));
  return { days: [...stored, ...live], summarizedThrough: through };
}

export function periodOf(from: string, to: string, warehouseId: string | null, loaded: Loaded): ReportPeriod {
  return { from, to, days: daysBetween(from, to) + 1, warehouseId, summarizedThrough: loaded.summarizedThrough };
}

export async function productsOf(db: Db, shopId: string): Promise<Map<string, ProductInfo>> {
  const rows = await db.findAll<ProductInfo>('products', { shopId }, [['_id', 'asc']], 100_000, { name: true, baseUnit: true, category: true, archived: true });
  return new Map(rows.map((p) => [p._id, p]));
}

export async function balancesOf(db: Db, shopId: string, warehouseId: string | null): Promise<Pick<StockBalance, 'productId' | 'warehouseId' | 'qty' | 'unitCost'>[]> {
  const where: Record<string, unknown> = { shopId };
  if (warehouseId) where.warehouseId = warehouseId;
  return db.findAll('stock', where, [['_id', 'asc']], 100_000, { productId: true, warehouseId: true, qty: true, unitCost: true });
}
