// The nightly replenishment job, per shop, in resumable steps:
//   history  — aggregate the complete days since the watermark into sales_history (history.ts)
//   summaries — the daily summaries of the reports for the same complete days (reports/summary.ts)
//   forecast — per page of products: read their history documents, forecast, keep the page's
//              forecasts in ONE packed job_state document (not a write per product); festival and
//              promotion effects come from the shop-wide pool the last night made (PoolDoc)
//   policy   — ABC and the spread pool (spread.ts) over the packed forecasts, then per page: SS,
//              ROP, EOQ, suggestion, alerts; a product's record is written only when something it
//              shows changed (recordChanged), an alert only when its facts changed (its day counters
//              are worded when read: alertMessage)
//   digest   — at most one subscribe message to the owner
// Each step saves a cursor in job_state/nightly_{shopId}_{day}; a run stops after the step that
// passes its deadline and the next invocation continues. A lease keeps two runs off one shop.
import { ALERT_KINDS } from '../../typings/models';
import type { AbcClass, Alert, AlertKind, BatchBalance, Product, ReplenishmentRecord, Shop, StockBalance } from '../../typings/models';
import { Db } from '../core/db';
import { aggregateDailySummaries } from '../reports/summary';
import { forEachLimit } from '../core/pool';
import { DEFAULT_SETTINGS, newId } from '../core/shop';
import { desiredAlerts, reconcileAlerts } from './alerts';
import { DigestStatus, KindCounts, sendDigest } from './digest';
import { addDays, aggregateSalesHistory, chinaDay, dayOfYear, daysBetween, historyId, SalesHistoryDoc, seriesFrom } from './history';
import { annualValueFen, forecastProduct, ForecastPart, HISTORY_DAYS, policyFor } from './plan';
import { effectEvidence, EffectPool, phasesOf, poolFromRatios, poolRatios, PoolRatios } from './holidays';
import { abcClasses } from './policy';
import { spreadPool, SpreadPool } from './spread';
import { learnedLeadTimes, onOrderByProduct } from './supply';

export type Phase = 'history' | 'summaries' | 'forecast' | 'policy' | 'digest' | 'done';

export interface NightlyState {
  _id: string;
  shopId: string;
  day: string;
  phase: Phase;
  /** last product id finished in the current phase */
  cursor: string;
  products: number;
  opened: KindCounts;
  digest: { status: DigestStatus | 'sending'; at: string; error?: string } | null;
  startedAt: string;
  finishedAt: string | null;
  leaseOwner: string;
  leaseUntil: number;
  invocations: number;
}

export interface RunOptions {
  /** China-time day of the run (default: now) */
  today?: string;
  /** stop after the step that passes this instant (ms) */
  deadline: number;
  shopIds?: string[];
  /** run again a shop that already finished today (the owner's "recompute now") */
  force?: boolean;
  sendDigest?: boolean;
  pageSize?: number;
  now?: () => Date;
}

export interface ShopRun {
  shopId: string;
  day: string;
  phase: Phase;
  done: boolean;
  busy: boolean;
  products: number;
  opened: KindCounts;
  digest: NightlyState['digest'];
  finishedAt: string | null;
}

export const stateId = (shopId: string, day: string) => `nightly_${shopId}_${day}`;
export const recordId = (shopId: string, productId: string) => `${shopId}_${productId}`;

const LEASE_MS = 90_000;
const WRITE_CONCURRENCY = 10;

/** Runs (or continues) the job for every shop, or the given ones, until done or past the deadline. */
export async function runNightly(db: Db, cloud: any, options: RunOptions): Promise<{ done: boolean; shops: ShopRun[] }> {
  const now = options.now ?? (() => new Date());
  const today = options.today ?? chinaDay(now());
  const runner = newId(6);
  const shops: ShopRun[] = [];
  let done = true;
  const _ = db.command;
  let after = '';
  for (;;) {
    const page = options.shopIds
      ? await db.getMany<Shop>('shops', options.shopIds)
      : await db.find<Shop>('shops', after ? { _id: _.gt(after) } : {}, { orderBy: [['_id', 'asc']], limit: 100 });
    const states = new Map((await db.getMany<NightlyState>('job_state', page.map((s) => stateId(s._id, today)))).map((s) => [s.shopId, s]));
    for (const shop of page) {
      const state = states.get(shop._id);
      if (state?.phase === 'done' && !options.force) continue;
      if (Date.now() > options.deadline && shops.length > 0) {
        done = false;
        break;
      }
      const run = await runShop(db, cloud, { ...shop, settings: { ...DEFAULT_SETTINGS, ...shop.settings } }, today, runner, options, now);
      shops.push(run);
      if (!run.done) done = false;
    }
    if (!done || options.shopIds || page.length < 100) break;
    after = page[page.length - 1]._id;
  }
  return { done, shops };
}

/** Takes the shop's lease and answers its state; `busy` when another run holds the lease. */
async function claim(db: Db, id: string, shopId: string, today: string, runner: string, force: boolean, now: Date): Promise<{ state: NightlyState; busy: boolean }> {
  return db.transaction(async (tx) => {
    const current = await tx.get<NightlyState>('job_state', id);
    if (current && current.leaseUntil > now.getTime() && current.leaseOwner !== runner) return { state: current, busy: true };
    const lease = { leaseOwner: runner, leaseUntil: now.getTime() + LEASE_MS };
    let next: NightlyState;
    if (!current) {
      next = { _id: id, shopId, day: today, phase: 'history', cursor: '', products: 0, opened: {}, digest: null, startedAt: now.toISOString(), finishedAt: null, invocations: 1, ...lease };
    } else if (current.phase === 'done' && force) {
      // Again from the start; the digest of the night stays sent.
      next = { ...current, phase: 'history', cursor: '', products: 0, opened: {}, finishedAt: null, invocations: current.invocations + 1, ...lease };
    } else {
      next = { ...current, invocations: current.invocations + 1, ...lease };
    }
    const { _id, ...doc } = next;
    await tx.set('job_state', id, doc);
    return { state: next, busy: false };
  });
}

function summary(state: NightlyState, busy = false): ShopRun {
  const { shopId, day, phase, products, opened, digest, finishedAt } = state;
  return { shopId, day, phase, done: phase === 'done', busy, products, opened, digest, finishedAt };
}

async function runShop(db: Db, cloud: any, shop: Shop, today: string, runner: string, options: RunOptions, now: () => Date): Promise<ShopRun> {
  const id = stateId(shop._id, today);
  const claimed = await claim(db, id, shop._id, today, runner, Boolean(options.force), now());
  if (claimed.busy) return summary(claimed.state, true);
  let state = claimed.state;
  const save = async (patch: Partial<NightlyState>) => {
    state = { ...state!, ...patch };
    const { _id, ...doc } = state;
    await db.set('job_state', id, doc);
  };
  const pageSize = options.pageSize ?? 100;
  const ctx: PageContext = { db, shop, today, now };
  let classes: Awaited<ReturnType<typeof classify>> | null = null;
  do {
    switch (state.phase) {
      case 'history':
        await aggregateSalesHistory(db, shop._id, today, HISTORY_DAYS);
        await save({ phase: 'summaries', cursor: '' });
        break;
      case 'summaries': {
        // Resumable by its own watermark: a window cut off by the deadline continues next invocation.
        const r = await aggregateDailySummaries(db, shop._id, today, { deadline: options.deadline });
        if (r.done) await save({ phase: 'forecast', cursor: '' });
        break;
      }
      case 'forecast': {
        const products = await productPage(db, shop._id, state.cursor, pageSize);
        await forecastPage(ctx, products);
        await save(products.length < pageSize ? { phase: 'policy', cursor: '' } : { cursor: products[products.length - 1]._id });
        break;
      }
      case 'policy': {
        classes ??= await classify(db, shop._id, today);
        const products = await productPage(db, shop._id, state.cursor, pageSize);
        const { opened, count } = await policyPage(ctx, products, classes);
        const merged: KindCounts = { ...state.opened };
        for (const k of ALERT_KINDS) if (opened[k]) merged[k] = (merged[k] ?? 0) + opened[k]!;
        const progress = { opened: merged, products: state.products + count };
        await save(products.length < pageSize ? { ...progress, phase: 'digest', cursor: '' } : { ...progress, cursor: products[products.length - 1]._id });
        break;
      }
      case 'digest': {
        // 'sending' left by a run cut off mid-send counts as sent: at most one message a night.
        if (!state.digest && options.sendDigest !== false) {
          await save({ digest: { status: 'sending', at: now().toISOString() } });
          const r = await sendDigest(db, cloud, shop, state.opened, now());
          await save({ digest: { ...r, at: now().toISOString() } });
        }
        await save({ phase: 'done', finishedAt: now().toISOString(), leaseUntil: 0 });
        break;
      }
    }
  } while (state.phase !== 'done' && Date.now() <= options.deadline);
  if (state.phase !== 'done') await save({ leaseUntil: 0 });
  return summary(state);
}

async function productPage(db: Db, shopId: string, cursor: string, pageSize: number): Promise<Product[]> {
  const _ = db.command;
  return db.find<Product>('products', cursor ? { shopId, _id: _.gt(cursor) } : { shopId }, { orderBy: [['_id', 'asc']], limit: pageSize });
}

interface PageContext {
  db: Db;
  shop: Shop;
  today: string;
  now: () => Date;
  /** the shop-wide festival pool of the last night (loaded once per run; null: none yet) */
  pool?: EffectPool | null;
}

/** On hand, moving-average unit cost and open batches of each product, summed over warehouses. */
async function stockOf(db: Db, shopId: string, productIds: string[]) {
  const _ = db.command;
  const balances = productIds.length ? await db.findAll<StockBalance>('stock', { shopId, productId: _.in(productIds) }) : [];
  const out = new Map<string, { onHand: number; valueFen: number; batches: BatchBalance[] }>();
  for (const b of balances) {
    const entry = out.get(b.productId) ?? { onHand: 0, valueFen: 0, batches: [] };
    entry.onHand += b.qty;
    entry.valueFen += Math.max(0, b.qty) * Number(b.unitCost || 0);
    for (const batch of b.batches ?? []) {
      const same = entry.batches.find((x) => x.batchNo === batch.batchNo);
      if (same) same.qty += batch.qty;
      else entry.batches.push({ ...batch });
    }
    out.set(b.productId, entry);
  }
  return out;
}

const unitCostOf = (p: Product, s?: { onHand: number; valueFen: number }) =>
  s && s.onHand > 0 && s.valueFen > 0 ? Math.round(s.valueFen / s.onHand) : p.purchasePriceFen ?? 0;

const createdDay = (p: Product) => chinaDay(new Date(p.createdAt ?? 0));

/** One page's forecasts, packed: job_state/{forecastPageId}, overwritten every night. */
interface ForecastPage {
  _id: string;
  shopId: string;
  kind: 'forecasts';
  day: string;
  entries: Record<string, ForecastEntry>;
  /** the page's products' own festival and promotion ratios, for the shop-wide pool */
  ratios?: PoolRatios;
}

/**
 * The shop-wide pool of festival and promotion effects, made when the last forecast page is done
 * (from every page's ratios) and used by the NEXT night: pooling tonight's over the whole shop
 * before forecasting would read every product's history twice. An effect learned from last year's
 * festival does not change from one night to the next; a shop's first night pools per page.
 */
interface PoolDoc {
  _id: string;
  shopId: string;
  kind: 'pool';
  day: string;
  pool: EffectPool;
}
const poolDocId = (shopId: string) => `nightlyp_${shopId}`;
/** One product's forecast in a packed page; its category is there for the spread pool (spread.ts), not for the record. */
type ForecastEntry = ForecastPart & { unitCostFen: number; annualValueFen: number; category?: string };

const forecastPageId = (shopId: string, firstProductId: string) => `nightlyf_${shopId}_${firstProductId}`;

async function forecastPage(ctx: PageContext, products: Product[]): Promise<void> {
  const { db, shop, today } = ctx;
  const live = products.filter((p) => !p.archived);
  if (!live.length) return;
  const last = addDays(today, -1);
  const earliest = addDays(today, -HISTORY_DAYS);
  const years: number[] = [];
  for (let y = dayOfYear(earliest).year; y <= dayOfYear(last).year; y++) years.push(y);
  const [docs, stock] = await Promise.all([
    db.getMany<SalesHistoryDoc>('sales_history', live.flatMap((p) => years.map((y) => historyId(shop._id, p._id, y)))),
    stockOf(db, shop._id, live.map((p) => p._id)),
  ]);
  const byProduct = new Map<string, Map<number, SalesHistoryDoc>>();
  for (const d of docs) {
    const m = byProduct.get(d.productId) ?? new Map();
    m.set(d.year, d);
    byProduct.set(d.productId, m);
  }
  const entries: Record<string, ForecastEntry> = {};
  const promotions = shop.settings.promotionDays ?? [];
  const histories = live.map((p) => {
    // Days before the product existed are not days without demand.
    const first = createdDay(p) > earliest ? createdDay(p) : earliest;
    return { p, first, series: first <= last ? seriesFrom(byProduct.get(p._id) ?? new Map(), first, last) : [] };
  });
  // Festival and promotion effects pooled over the whole shop (last night's pool), or the page's products on a first night.
  const ratios = poolRatios(histories.map((h) => effectEvidence(h.series, phasesOf(h.first, h.series.length, promotions))));
  if (ctx.pool === undefined) ctx.pool = (await db.getById<PoolDoc>('job_state', poolDocId(shop._id)))?.pool ?? null;
  const pool = ctx.pool ?? poolFromRatios([ratios]);
  for (const { p, first, series } of histories) {
    const unitCostFen = unitCostOf(p, stock.get(p._id));
    entries[p._id] = { ...forecastProduct(series, first, today, p.leadTimeDays, { promotions, pool }), unitCostFen, annualValueFen: annualValueFen(series, unitCostFen), category: p.category || '' };
  }
  const page: Omit<ForecastPage, '_id'> = { shopId: shop._id, kind: 'forecasts', day: today, entries, ratios };
  await db.set('job_state', forecastPageId(shop._id, live[0]._id), page as unknown as Record<string, unknown>);
}

interface Classes {
  abc: Map<string, AbcClass>;
  forecasts: Map<string, ForecastEntry>;
  spread: SpreadPool | null;
}

/**
 * Today's packed forecasts, the ABC classes over their consumption value and the spread pool of the
 * shop's established products. Pages left from an earlier night (a page that now starts at another
 * product) are removed.
 */
async function classify(db: Db, shopId: string, today: string): Promise<Classes> {
  const pages = await db.findAll<ForecastPage>('job_state', { shopId, kind: 'forecasts' }, [['_id', 'asc']], 100_000);
  const forecasts = new Map<string, ForecastEntry>();
  const current = pages.filter((p) => p.day === today);
  for (const page of current) for (const [id, entry] of Object.entries(page.entries)) forecasts.set(id, entry);
  const pool: Omit<PoolDoc, '_id'> = { shopId, kind: 'pool', day: today, pool: poolFromRatios(current.map((p) => p.ratios ?? ({} as PoolRatios))) };
  await db.set('job_state', poolDocId(shopId), pool as unknown as Record<string, unknown>);
  await forEachLimit(pages.filter((p) => p.day !== today), WRITE_CONCURRENCY, (p) => db.remove('job_state', p._id));
  const abc = abcClasses([...forecasts].map(([id, f]) => ({ id, value: f.annualValueFen || 0 })));
  return { abc, forecasts, spread: spreadPool([...forecasts.values()]) };
}

/**
 * The figures behind a record (forecast, weekly sales, σ, accuracy) are refreshed on one night in
 * two weeks per product, staggered, while the merchant sees the record (a suggestion or an alert
 * shows it); a record nobody sees, every four weeks. A shown product that sells, or whose forecast
 * moves by 10%, is written that night anyway: what waits is the chart of one that sells nothing.
 * (Weekly, a 10,000-product night wrote 0.30 documents per product, at the goal's bound.)
 */
export const REFRESH_DAYS = 14;
export const QUIET_REFRESH_DAYS = 28;
/** What the merchant acts on: a change is written the same night. */
const ACTED_ON = ['productName', 'baseUnit', 'supplierId', 'method', 'abcClass', 'serviceLevel', 'leadTimeDays', 'suggestedQty', 'suggestedCostFen', 'purchaseUnit', 'unitCostFen'] as const;
/** Shown with a suggestion or an alert (the alerts page's figures line): written the same night while there is one. */
const WHILE_SHOWN = ['onHand'] as const;
/** Shown with a suggestion: written the same night while there is one. */
const WITH_SUGGESTION = ['reason', 'reorderPoint', 'safetyStock', 'eoq'] as const;

const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && Object.keys({ ...a, ...b }).every((k) => same((a as any)[k], (b as any)[k])));

function hashOf(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** A move of more than 10% (and more than `unit`). */
const moved = (a: number, b: number, unit: number) => Math.abs(a - b) > Math.max(unit, 0.1 * Math.abs(a));

/**
 * Yesterday's suggestion stands while the stock has not moved and tonight's differs by at most a
 * purchase unit or 10% (the reorder point within 10%): the merchant sees the same figure from day
 * to day, and the record and its low-stock alert are not rewritten for noise.
 */
export function keepSuggestion<T extends Omit<ReplenishmentRecord, '_id'>>(before: ReplenishmentRecord | undefined, next: T): T {
  if (!before || before.onHand !== next.onHand || !(before.suggestedQty > 0) || !(next.suggestedQty > 0)) return next;
  if (!same(before.purchaseUnit, next.purchaseUnit) || before.abcClass !== next.abcClass || before.leadTimeDays !== next.leadTimeDays) return next;
  if (moved(before.reorderPoint, next.reorderPoint, 1) || Math.abs(next.suggestedQty - before.suggestedQty) > Math.max(next.purchaseUnit.factor, 0.1 * before.suggestedQty)) return next;
  const { safetyStock, reorderPoint, eoq, suggestedQty, suggestedCostFen, reason, coverDays } = before;
  return { ...next, safetyStock, reorderPoint, eoq, suggestedQty, suggestedCostFen, reason, coverDays };
}

/**
 * Whether tonight's record is written (one write per product per night would use most of the basic
 * plan's 30,000 daily writes at 10,000 products). `shown.now`: the product has an alert tonight (the
 * alerts page words it from the record's figures); `shown.newly`: it had none before. Written when
 * something the merchant acts on changed. While shown or suggesting: when its stock, a suggestion's
 * reason or figures changed, when it just became shown, when the daily mean or the reorder point
 * moved by more than 10%, and on its refresh night (every two weeks). A record nobody sees: every four
 * weeks (it is written the night it comes into view). The day a product last sold is not shown
 * from the record (the dead-stock alert keeps its own date), so a sale alone writes nothing.
 */
export function recordChanged(before: ReplenishmentRecord | undefined, next: Omit<ReplenishmentRecord, '_id'>, today: string, shown = { now: true, newly: false }): boolean {
  if (!before) return true;
  if (ACTED_ON.some((k) => !same(before[k], next[k]))) return true;
  const suggesting = next.suggestedQty > 0 || before.suggestedQty > 0;
  if (suggesting && WITH_SUGGESTION.some((k) => !same(before[k], next[k]))) return true;
  const visible = shown.now || suggesting;
  if (visible && (shown.newly || WHILE_SHOWN.some((k) => !same(before[k], next[k])))) return true;
  if (visible && (moved(before.meanDaily, next.meanDaily, 0.005) || moved(before.reorderPoint, next.reorderPoint, 1))) return true;
  const every = visible ? REFRESH_DAYS : QUIET_REFRESH_DAYS;
  if (!before.day || addDays(before.day, every) <= today) return true;
  return before.day !== today && (daysBetween('2000-01-01', today) + hashOf(next.productId)) % every === 0;
}

async function policyPage(ctx: PageContext, products: Product[], { abc, forecasts, spread }: Classes): Promise<{ opened: KindCounts; count: number }> {
  const { db, shop, today } = ctx;
  const _ = db.command;
  const ids = products.map((p) => p._id);
  const [records, stock, existing, onOrder, leads] = await Promise.all([
    db.getMany<ReplenishmentRecord>('replenishment', ids.map((pid) => recordId(shop._id, pid))),
    stockOf(db, shop._id, ids),
    ids.length ? db.findAll<Alert>('alerts', { shopId: shop._id, productId: _.in(ids) }) : Promise.resolve([] as Alert[]),
    onOrderByProduct(db, shop._id, ids),
    learnedLeadTimes(db, shop._id, ids),
  ]);
  const recordOf = new Map(records.map((r) => [r.productId, r]));
  const alerted = new Set(existing.filter((a) => a.status !== 'closed').map((a) => a.productId));
  const now = ctx.now();
  const desired = [];
  const writes: { coll: 'replenishment' | 'alerts'; doc: { _id: string } }[] = [];
  // An archived product keeps no suggestion (and every alert of it closes below).
  const archived = products.filter((p) => p.archived && recordOf.has(p._id)).map((p) => recordId(shop._id, p._id));
  for (const p of products) {
    const entry = forecasts.get(p._id);
    if (p.archived || !entry) continue;
    const { category: _category, ...forecast } = entry;
    const s = stock.get(p._id);
    const onHand = s?.onHand ?? 0;
    const unitCostFen = unitCostOf(p, s);
    // Sales orders (reservations) are not built yet: nothing is reserved.
    const policy = policyFor({
      forecast,
      abcClass: abc.get(p._id) ?? 'C',
      product: p,
      onHand,
      onOrder: onOrder.get(p._id) ?? 0,
      reserved: 0,
      unitCostFen,
      settings: shop.settings,
      learnedLead: leads.get(p._id) ?? null,
      spread,
      category: p.category,
    });
    const fresh: Omit<ReplenishmentRecord, '_id'> = {
      shopId: shop._id,
      productId: p._id,
      productName: p.name,
      baseUnit: p.baseUnit,
      supplierId: p.preferredSupplierId || '',
      day: today,
      ...forecast,
      ...policy,
      unitCostFen,
      updatedAt: now.toISOString(),
    };
    const next = keepSuggestion(recordOf.get(p._id), fresh);
    const mine = desiredAlerts({ shopId: shop._id, today, product: { ...p, createdDay: createdDay(p) }, record: next, batches: s?.batches ?? [], settings: shop.settings });
    const shown = { now: mine.length > 0, newly: mine.length > 0 && !alerted.has(p._id) };
    if (recordChanged(recordOf.get(p._id), next, today, shown)) writes.push({ coll: 'replenishment', doc: { _id: recordId(shop._id, p._id), ...next } });
    desired.push(...mine);
  }
  const moved = reconcileAlerts(shop._id, existing, desired, now, today);
  const opened = moved.opened;
  for (const a of moved.writes) writes.push({ coll: 'alerts', doc: a });
  await forEachLimit(writes, WRITE_CONCURRENCY, ({ coll, doc: { _id, ...doc } }) => db.set(coll, _id, doc));
  await forEachLimit(archived, WRITE_CONCURRENCY, (id) => db.remove('replenishment', id));
  const counts: KindCounts = {};
  for (const a of opened) counts[a.kind as AlertKind] = (counts[a.kind] ?? 0) + 1;
  return { opened: counts, count: products.filter((p) => !p.archived).length };
}
