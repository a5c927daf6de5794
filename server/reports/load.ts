// What a report reads: the period's days — stored summaries up to the nightly watermark (one read
// per 1000 days), the days after it (today at least) aggregated live from their postings — plus the
// shop's products and balances when the report needs them. Never the ledger of a past day.
import type { ReportPeriod } from '../../typings/api/reports';
import type { Product, StockBalance } from '../../typings/models';
import { Db } from '../core/db';
import { addDays, daysBetween } from '../replenishment/history';
import { buildSummaries, DailySummary, summaryStateId } from './summary';

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
  days: DailySummary[];
  summarizedThrough: string | null;
}

/** The parts of a summary a report reads; a stored day brings only those (a year of summaries is tens of MB). */
export type SummarySection = 'moves' | 'sales' | 'customers' | 'clerks' | 'suppliers';
const SECTIONS: SummarySection[] = ['moves', 'sales', 'customers', 'clerks', 'suppliers'];

/** The days from `from` to `to` (China days, `to` capped at today), stored or live. */
export async function loadDays(db: Db, shopId: string, from: string, to: string, today: string, categories: () => Promise<Map<string, string>>, sections: SummarySection[] = SECTIONS): Promise<Loaded> {
  const last = to > today ? today : to;
  if (from > last) return { days: [], summarizedThrough: null };
  const _ = db.command;
  const state = await db.getById<{ lastDay: string }>('job_state', summaryStateId(shopId));
  const through = state?.lastDay ?? null;
  const storedTo = through && through < last ? through : last;
  const stored =
    through && from <= storedTo
      ? (await db.findAll<DailySummary>('daily_summaries', { shopId, day: _.gte(from).and(_.lte(storedTo)) }, [['day', 'asc']], 10_000, Object.fromEntries([['shopId', true], ['day', true], ...sections.map((k) => [k, true])]))).map(
          (d) => ({ ...d, ...Object.fromEntries(SECTIONS.filter((k) => !sections.includes(k)).map((k) => [k, []])) }) as DailySummary,
        )
      : [];
  const liveFrom = through && through >= from ? addDays(through, 1) : from;
  const live = liveFrom <= last ? await buildSummaries(db, shopId, liveFrom, addDays(last, 1), await categories()) : [];
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
