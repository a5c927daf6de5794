// One product's nightly numbers, in two steps: the forecast (from its demand history alone) and
// the policy (which needs the ABC class, known only once every product of the shop is forecast).
import Decimal from 'decimal.js';
import type { AbcClass, Product, ReplenishmentRecord, ShopSettings } from '../../typings/models';
import { intermittentMethod, MethodName } from './forecast';
import { applyHolidayFactors, effectEvidence, EffectPool, holidayFactors, HolidayFactors, phasesOf, PromotionDays } from './holidays';
import { addDays } from './history';
import { demandQuantile, fillRateReorderPoint, LeadDemand, positionOf, undershootOf } from './distribution';
import { eoq, SERVICE_LEVELS, suggestedQuantity, zScore } from './policy';
import { chooseMethod, predictionWidening, TAIL_LEVELS } from './select';
import { PooledFrom, SpreadPool, withPooledSpread } from './spread';

/** Days of history the forecast looks at: two years, so last year's 春节 and season are seen. */
export const HISTORY_DAYS = 730;
/** The merchant orders about weekly: an order covers at least a week of demand. */
export const REVIEW_DAYS = 7;

export const METHOD_LABELS: Record<MethodName, string> = {
  zero: '无需求',
  sma: '移动平均',
  wma: '加权移动平均',
  ses: '指数平滑',
  holt: 'Holt 线性趋势',
  holt_damped: 'Holt 阻尼趋势',
  holt_winters: 'Holt-Winters 周季节',
  croston: 'Croston 间歇需求',
  sba: 'SBA 间歇需求',
  combo: '组合：移动平均 + 指数平滑（含周规律）',
  combo_intermittent: '组合：移动平均 + TSB（间歇需求）',
  last_year: '去年同期（季节性商品）',
};

/** The label as the fit really is: a combination whose average weighs nothing is smoothing alone. */
export function methodLabelOf(method: MethodName, params: Record<string, number> = {}): string {
  if (method === 'combo_intermittent' && params.w === 0) return 'TSB（间歇需求）';
  if (method !== 'combo') return METHOD_LABELS[method];
  const smooth = params.beta ? '阻尼趋势指数平滑' : '指数平滑';
  return params.w === 0 ? `${smooth}（含周规律）` : `组合：移动平均 + ${smooth}（含周规律）`;
}

export type ForecastPart = Pick<
  ReplenishmentRecord,
  'method' | 'methodLabel' | 'params' | 'methodReason' | 'mase' | 'mape' | 'bias' | 'sigma' | 'errorQuantiles' | 'meanDaily' | 'forecast' | 'weeklySales' | 'lastSaleDay' | 'holiday' | 'annualDemand' | 'historyDays'
>;

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const finiteOrNull = (v: number) => (Number.isFinite(v) ? round(v, 3) : null);
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

/** The effective lead time: a nightly review leaves at least a day between looking and receiving. */
export const effectiveLeadTime = (leadTimeDays: number) => Math.max(1, Math.round(leadTimeDays || 0));

/** What the shop knows about its special days: its promotion days and the effects its products show. */
export interface KnownDays {
  promotions?: PromotionDays;
  /** the shop's pooled effects (poolEffects over its products' effectEvidence) */
  pool?: EffectPool | null;
}

/**
 * The daily forecast of the next `horizon` days from `today` (festival and promotion days missing
 * in the fit, their factors applied after): what the nightly job and the accuracy bench both use.
 */
export function forecastDaily(series: number[], firstDay: string, today: string, horizon: number, leadTime = horizon, known: KnownDays = {}) {
  const clean = series.map((v) => (Number.isFinite(v) ? v : 0));
  const phases = phasesOf(firstDay, clean.length, known.promotions);
  const missing = phases.map((p) => p !== null);
  const choice = chooseMethod(clean, { leadTime, horizon, missing: missing.includes(true) ? missing : undefined });
  const factors = holidayFactors(effectEvidence(clean, phases), known.pool);
  const raw = choice.fit.forecast(horizon).map((v) => (Number.isFinite(v) ? Math.max(0, v) : 0));
  return { choice, factors, knownDays: missing.includes(true), forecast: applyHolidayFactors(raw, today, factors, known.promotions) };
}

/** The reason's note on known days: what is left out of the fit and the factors used. */
function knownDaysNote(factors: HolidayFactors | null, known: KnownDays, knownDays: boolean): string {
  if (!factors) return '';
  const shop = known.pool && known.pool.festival.products > 0 ? `，按全店 ${known.pool.festival.products} 个商品汇总并向无影响收缩` : '，向无影响收缩';
  const promo = known.promotions?.length ? `；促销日${knownDays ? '同样不计入，' : ''}促销日 ×${factors.promotion.toFixed(2)}` : '';
  return `；${knownDays ? '春节期间不计入拟合，' : '春节系数'}年货期 ×${factors.pre.toFixed(2)}、节中 ×${factors.festival.toFixed(2)}${shop}${promo}`;
}

/**
 * Forecast from the daily demand `series` (oldest first, `firstDay` its first day, ending the day
 * before `today`).
 */
export function forecastProduct(series: number[], firstDay: string, today: string, leadTimeDays: number, known: KnownDays = {}): ForecastPart {
  const clean = series.map((v) => (Number.isFinite(v) ? v : 0));
  const lead = effectiveLeadTime(leadTimeDays);
  const { choice, factors, knownDays, forecast: adjusted } = forecastDaily(clean, firstDay, today, Math.max(14, lead + REVIEW_DAYS), lead, known);
  const meanDaily = sum(adjusted.slice(0, lead + REVIEW_DAYS)) / (lead + REVIEW_DAYS);
  const last56 = clean.slice(-56);
  const padded = [...Array.from({ length: 56 - last56.length }, () => 0), ...last56];
  const weeklySales = Array.from({ length: 8 }, (_, w) => round(sum(padded.slice(w * 7, w * 7 + 7))));
  let lastSale = -1;
  for (let i = clean.length - 1; i >= 0; i--) if (clean[i] > 0) { lastSale = i; break; }
  const firstSale = clean.findIndex((v) => v > 0);
  // An intermittent item's lumps: how far an order's trigger undershoots the reorder point (policyFor).
  const under = intermittentMethod(choice.fit.method) ? undershootOf(clean.slice(-365)) : null;
  return {
    method: choice.fit.method,
    methodLabel: methodLabelOf(choice.fit.method, choice.fit.params),
    params: under ? { ...choice.fit.params, undershoot: round(under.mean, 3), undershootVar: round(under.variance, 3) } : choice.fit.params,
    methodReason: choice.reason + knownDaysNote(factors, known, knownDays),
    mase: finiteOrNull(choice.mase),
    mape: finiteOrNull(choice.mape),
    bias: finiteOrNull(choice.bias),
    sigma: round(Number.isFinite(choice.sigma) ? choice.sigma : 0, 3),
    errorQuantiles: choice.tail && choice.tail.every(Number.isFinite) ? choice.tail.map((v) => round(v, 3)) : null,
    meanDaily: round(meanDaily, 3),
    forecast: adjusted.slice(0, 14).map((v) => round(v)),
    weeklySales,
    lastSaleDay: lastSale >= 0 ? addDays(firstDay, lastSale) : null,
    holiday: factors ? { pre: round(factors.pre), festival: round(factors.festival) } : null,
    annualDemand: round(meanDaily * 365),
    historyDays: firstSale >= 0 ? clean.length - firstSale : 0,
  };
}

/** Past consumption value of the last 365 days (fen), the ABC measure. */
export function annualValueFen(series: number[], unitCostFen: number): number {
  const lastYear = series.slice(-365);
  const units = sum(lastYear.map((v) => (Number.isFinite(v) && v > 0 ? v : 0)));
  const scaled = lastYear.length ? (units * 365) / lastYear.length : 0;
  return new Decimal(scaled).times(Math.max(0, unitCostFen || 0)).toDecimalPlaces(0).toNumber();
}

export type PolicyPart = Pick<
  ReplenishmentRecord,
  'abcClass' | 'serviceLevel' | 'leadTimeDays' | 'safetyStock' | 'reorderPoint' | 'eoq' | 'onHand' | 'coverDays' | 'suggestedQty' | 'purchaseUnit' | 'suggestedCostFen' | 'reason'
>;

export interface PolicyInput {
  forecast: Pick<ForecastPart, 'meanDaily' | 'sigma'> & Partial<Pick<ForecastPart, 'method' | 'forecast' | 'errorQuantiles' | 'params' | 'historyDays'>>;
  abcClass: AbcClass | null;
  product: Pick<Product, 'baseUnit' | 'leadTimeDays' | 'minOrderQty' | 'purchaseUnit' | 'minStock' | 'maxStock'> & { _id?: string };
  onHand: number;
  onOrder: number;
  reserved: number;
  unitCostFen: number;
  settings: Pick<ShopSettings, 'orderCostFen' | 'holdingRate'>;
  /** lead time learned from this product's receipts against orders (used from MIN_LEAD_SAMPLES on) */
  learnedLead?: LearnedLead | null;
  /** the spread of the shop's established products by category (spread.ts), and this product's category */
  spread?: SpreadPool | null;
  category?: string;
}

export interface LearnedLead {
  mean: number;
  sigma: number;
  count: number;
}

/** Receipts needed before the learned lead time replaces the typed one. */
export const MIN_LEAD_SAMPLES = 3;

type LeadForecast = Pick<ForecastPart, 'meanDaily' | 'sigma'> & Partial<Pick<ForecastPart, 'forecast' | 'errorQuantiles'>> & { pooledFrom?: PooledFrom };

/**
 * Demand over the lead time: mean the sum of the daily forecast over the next L days when the
 * record's 14 days reach that far (the weekdays and festival days the lead time holds: three days
 * from a Monday are not three average days), else d·L; variance L·σd² + d²·σL² (demand and
 * lead-time spread).
 */
export function leadDemand(forecast: LeadForecast, lead: number, sigmaLead = 0): LeadDemand {
  const d = Math.max(0, forecast.meanDaily);
  const days = forecast.forecast && forecast.forecast.length >= lead ? sum(forecast.forecast.slice(0, lead)) : 0;
  return { mean: days > 0 ? days : d * lead, variance: lead * forecast.sigma ** 2 + d ** 2 * sigmaLead ** 2 };
}

/**
 * Reorder point for a cycle service level. With the backtest's error quantiles at this level
 * (errorQuantiles, select.ts): the forecast of the lead-time sum plus that quantile × √L, down to the
 * whole unit (demand comes in whole units, so P(D ≤ ⌊x⌋) = P(D ≤ x)); a learned lead-time spread adds
 * z·d·σL in quadrature to what it holds above the forecast (variance L·σd² + d²·σL²). Otherwise (a
 * new or returning product, a level outside TAIL_LEVELS): the smallest whole number of units the
 * lead-time demand stays at or under with that probability (distribution.ts), or the whole number
 * below it by the product's fixed `position` (positionOf its id) so that the service level holds on
 * average over the shop's products rather than being exceeded by every slow one. At least 1 for a
 * product with any forecast (a product that sold recently never waits for an empty shelf). Safety
 * stock is what it adds to the mean.
 */
export function reorderPointFor(forecast: LeadForecast, lead: number, serviceLevel: number, sigmaLead = 0, position?: number): { ss: number; rop: number } {
  if (!(forecast.meanDaily > 0)) return { ss: 0, rop: 0 };
  const d = leadDemand(forecast, lead, sigmaLead);
  const level = TAIL_LEVELS.findIndex((p) => Math.abs(p - serviceLevel) < 1e-9);
  const tail = forecast.errorQuantiles?.length === TAIL_LEVELS.length && level >= 0 ? forecast.errorQuantiles[level] : null;
  let rop: number;
  if (tail !== null && Number.isFinite(tail)) {
    const over = tail * Math.sqrt(lead);
    const above = Math.max(0, over);
    const spread = sigmaLead > 0 ? zScore(serviceLevel) * Math.max(0, forecast.meanDaily) * sigmaLead : 0;
    rop = Math.max(1, Math.floor(d.mean + over + Math.sqrt(above ** 2 + spread ** 2) - above + 1e-9));
    // A new product's points are all its shop's: its own distribution stays a floor under them.
    if (forecast.pooledFrom?.alone) rop = Math.max(rop, demandQuantile(d, serviceLevel, position));
  } else rop = Math.max(1, demandQuantile(d, serviceLevel, position));
  return { ss: Math.max(0, rop - Math.round(d.mean)), rop };
}

/**
 * An order brings at most this many days of demand: EOQ for a slow or cheap item can be months of
 * it (80 days at 0.6 a day), stock the shop pays for and that may spoil or go out of fashion.
 */
export const MAX_COVER_DAYS = 30;
/**
 * An intermittent item's order brings a week of demand (or the one purchase unit that holds more):
 * with the fill-rate reorder point below, a smaller order and a higher reorder point hold less stock
 * than a month's order for the same share of demand served (bench simulation: 23% less than the
 * min/max rule at a 30-day order, 2% less before). Choosing the order, in whole cases, for the least
 * stock r(Q) + Q/2 up to 30 days of demand moved this by under a point on three seeds.
 */
export const INTERMITTENT_COVER_DAYS = REVIEW_DAYS;

/**
 * Intermittent items are stocked for a fill rate (the share of demand served from the shelf):
 * a cycle service level would keep a lumpy item's whole lead-time quantile on the shelf although an
 * order of a case covers many cycles. The levels are the cycle levels' counterpart by ABC class.
 */
export const FILL_RATES: Record<AbcClass, number> = { A: 0.995, B: 0.99, C: 0.98 };

export { intermittentMethod };

/**
 * What a fill-rate reorder point has to cover: the lead-time demand plus the undershoot of the
 * reorder point by the lump that triggers the order (forecastProduct's params.undershoot, from the
 * item's sales; distribution.ts undershootOf). The expected shortage is a mean over the predictive
 * distribution, not a tail quantile, so σ is taken without select.ts's prediction widening for the
 * 98% point (taken for the ~365/L lead times of a full year's backtest: a shorter history's larger
 * widening is left partly in, on the safe side).
 */
export function fillRateDemand(forecast: LeadForecast & Partial<Pick<ForecastPart, 'params'>>, lead: number, sigmaLead = 0): LeadDemand {
  const d = leadDemand(forecast, lead, sigmaLead);
  const widening = predictionWidening(365 / lead);
  const u = forecast.params ?? {};
  const demandVariance = lead * forecast.sigma ** 2;
  return { mean: d.mean + (u.undershoot ?? 0), variance: demandVariance / widening ** 2 + (d.variance - demandVariance) + (u.undershootVar ?? 0) };
}

/** An intermittent item's reorder point for a fill rate, its order being `q` or a week's demand in whole packs. */
function fillRatePoint(forecast: PolicyInput['forecast'], lead: number, sigmaLead: number, fillRate: number, q: number, pack: number, minOrderQty: number, position?: number): { ss: number; rop: number } {
  // What one order brings: the order-up-to quantity in whole purchase units.
  const unit = Math.max(1, pack);
  const orderQty = Math.ceil(Math.max(q, forecast.meanDaily * REVIEW_DAYS, minOrderQty || 1) / unit - 1e-9) * unit;
  const demand = fillRateDemand(forecast, lead, sigmaLead);
  const rop = fillRateReorderPoint(demand, fillRate, orderQty, 1, position);
  // Safety stock is what it holds above the lead time's mean demand (the undershoot is not demand).
  return { ss: Math.max(0, rop - Math.round(demand.mean - (forecast.params?.undershoot ?? 0))), rop };
}

export function policyFor(input: PolicyInput): PolicyPart {
  const learned = input.learnedLead && input.learnedLead.count >= MIN_LEAD_SAMPLES ? input.learnedLead : null;
  const lead = effectiveLeadTime(learned ? learned.mean : input.product.leadTimeDays);
  const pooled = withPooledSpread(input.forecast, input.spread, lead, input.category);
  const i = { ...input, forecast: pooled };
  const { meanDaily } = i.forecast;
  const sigmaLead = learned ? learned.sigma : 0;
  const abcClass = i.abcClass ?? 'C';
  const serviceLevel = SERVICE_LEVELS[abcClass];
  const unit = i.product.purchaseUnit && i.product.purchaseUnit.factor > 0 ? i.product.purchaseUnit : { name: i.product.baseUnit, factor: 1 };
  const holding = new Decimal(Math.max(0, i.unitCostFen)).times(i.settings.holdingRate);
  const fillRate = intermittentMethod(i.forecast.method) && meanDaily > 0 ? FILL_RATES[abcClass] : null;
  const coverCap = fillRate ? INTERMITTENT_COVER_DAYS : MAX_COVER_DAYS;
  const q = Math.round(Math.min(eoq(meanDaily * 365, i.settings.orderCostFen, holding), meanDaily * coverCap));
  const position = i.product._id ? positionOf(i.product._id) : undefined;
  const { ss, rop } = fillRate ? fillRatePoint(i.forecast, lead, sigmaLead, fillRate, q, unit.factor, i.product.minOrderQty, position) : reorderPointFor(i.forecast, lead, serviceLevel, sigmaLead, position);
  // A minimum stock set by hand is a floor under the computed reorder point.
  const effectiveRop = Math.max(rop, i.product.minStock || 0);
  const suggested = suggestedQuantity({
    onHand: i.onHand,
    onOrder: i.onOrder,
    reserved: i.reserved,
    reorderPoint: effectiveRop,
    eoq: q,
    meanDemand: meanDaily,
    reviewDays: REVIEW_DAYS,
    packSize: unit.factor,
    minOrderQty: i.product.minOrderQty || 1,
    maxStock: i.product.maxStock || 0,
  });
  const u = i.product.baseUnit;
  const coverDays = meanDaily > 0 ? Math.floor(Math.max(0, i.onHand) / meanDaily) : null;
  const packs = suggested / unit.factor;
  let reason: string;
  const leadText = learned ? `提前期 ${lead} 天（近 ${learned.count} 次到货实测）` : `提前期 ${lead} 天`;
  const stockText = i.onOrder > 0 ? `库存 ${i.onHand}${u}，在途 ${i.onOrder}${u}，` : `库存 ${i.onHand}${u} `;
  if (suggested > 0) {
    const from = pooled.pooledFrom;
    const borrowed = from?.alone ? `，波动参考${from.category ? '同类' : '全店'} ${from.products} 个商品` : '';
    const target = (fillRate ? `间歇需求按 ${fillRate * 100}% 满足率` : `安全库存 ${ss}`) + borrowed;
    const why = effectiveRop > rop ? `最低库存 ${effectiveRop}${u}` : `再订货点 ${rop}${u}（日均 ${round(meanDaily, 1)}，${leadText}，${target}）`;
    reason = `${stockText}不高于${why}，建议订 ${packs}${unit.name}`;
  } else if (i.onOrder > 0 && i.onHand <= effectiveRop) {
    reason = `${stockText}已下单的货够用，暂不再订`;
  } else if (meanDaily <= 0) {
    reason = '近期没有需求，暂不补货';
  } else {
    reason = `库存约可卖 ${coverDays} 天，高于再订货点 ${rop}${u}`;
  }
  return {
    abcClass: i.abcClass,
    serviceLevel,
    leadTimeDays: lead,
    safetyStock: ss,
    reorderPoint: effectiveRop,
    eoq: q,
    onHand: i.onHand,
    coverDays,
    suggestedQty: suggested,
    purchaseUnit: { name: unit.name, factor: unit.factor },
    suggestedCostFen: new Decimal(suggested).times(Math.max(0, i.unitCostFen)).toDecimalPlaces(0).toNumber(),
    reason,
  };
}
