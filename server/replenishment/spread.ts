// The spread of lead-time demand that a shop's established products show, pooled by category, for
// products whose own history is too short to show it (issue 13, goal 2: "a floor for short
// histories, pooled over the shop's similar products"). A new product's own figures are a Poisson
// spread at its first weeks' rate, or the standard deviation of a few days: they know nothing of
// the promotions, weather and level shifts that its category's forecasts miss over a lead time.
// An established product's own backtest holds 13 lead times of 28 days a year: the pool steadies it too.
//
// Each established product gives its backtest's error points of the lead-time sum (per √day,
// select.ts errorQuantiles), divided by its mean demand to the power b: the shop's own mean–spread
// law (Taylor's power law; b = ½ for Poisson demand, 1 when the spread grows with the mean), fitted
// by least squares on the logs of σ over the shop's established products. A category's points are
// those of the mixture of its products (mixture), the shop's products weighing like
// SHRINK_PRODUCTS of its own (a category of three is a small sample). A product's pooled points are
// those × its own mean^b, widened by √(1 + L/n) for the error of a mean read from n days (the
// variance of the lead-time sum grows by L²·v/n on top of L·v); its own backtest's weigh against
// them by credibility (withPooledSpread), and a new product's own distribution stays a floor.
import { MA_DAYS } from './combine';
import { cdf } from './distribution';
import type { ForecastPart } from './plan';
import { intermittentMethod } from './forecast';
import { zScore } from './policy';
import { TAIL_LEVELS } from './select';

/** A product enters the pool from half a year of history on. */
export const ESTABLISHED_DAYS = 182;
/** Products a category needs before its own ratio is used at all. */
const MIN_CATEGORY_PRODUCTS = 3;
/** Established products the shop needs before it pools (otherwise the product's own floor stays). */
const MIN_SHOP_PRODUCTS = 5;
/** The shop's products weigh like this many of a category's own in its mixture. */
const SHRINK_PRODUCTS = 3;
/** The pool weighs like this many of the product's own independent lead times. */
const PRIOR_LEAD_TIMES = 5;
/** The mean–spread exponent is fitted only over this spread of means (max/min), else ½ (Poisson). */
const EXPONENT_SPAN = 4;

/** Where a forecast's pooled spread came from (withPooledSpread). */
export interface PooledFrom {
  products: number;
  /** the category's products (else the shop's) */
  category: boolean;
  /** the product had no backtest of its own: the pool's points replace none of its own */
  alone: boolean;
}

/** What one product contributes and needs. */
export interface SpreadInput {
  category?: string;
  method?: string;
  meanDaily: number;
  sigma: number;
  errorQuantiles?: number[] | null;
  historyDays?: number;
}

/** Ratios are the error points (TAIL_LEVELS) ÷ meanDaily^exponent. */
export interface SpreadPool {
  exponent: number;
  shop: number[];
  products: number;
  categories: Map<string, { ratios: number[]; products: number }>;
}

/**
 * Products ordered for a cycle service level, with half a year of history and a year's backtest.
 * Intermittent items (ordered for a fill rate) and those gone quiet stay out: a year of errors over
 * tonight's decayed mean made them the mixture's widest components (a new product's reorder point
 * 43 → 61 with ten lumpy items in the shop).
 */
const established = (e: SpreadInput) =>
  e.meanDaily > 0 &&
  Number.isFinite(e.sigma) &&
  e.sigma > 0 &&
  (e.historyDays ?? 0) >= ESTABLISHED_DAYS &&
  e.errorQuantiles?.length === TAIL_LEVELS.length &&
  e.errorQuantiles.every(Number.isFinite) &&
  !intermittentMethod(e.method) &&
  e.method !== 'zero' &&
  e.method !== 'last_year';

/** At most this many products of a group enter a mixture (a 10,000-product shop's bisection stays cheap). */
const MIXTURE_SAMPLE = 400;
/** The shop's sample in a category's mixture, where it weighs like SHRINK_PRODUCTS products (hundreds of categories stay cheap). */
const SHRINK_SAMPLE = 100;
/** Every k-th of `list` so that at most `max` are left. */
const spaced = <T>(list: T[], max: number) => (list.length <= max ? list : Array.from({ length: max }, (_v, i) => list[Math.floor((i * list.length) / max)]));

/**
 * Which of its category's products a new one will behave like is unknown, so its error is their
 * mixture: at each level the point q where the weighted mean of their P(error ≤ q) is p, each
 * product's error taken as normal with its own p-point (bisection; a point ≤ 0 counts as always under).
 */
function mixture(groups: { ratios: number[][]; weight: number }[]): number[] {
  groups = groups.map((g) => ({ ...g, ratios: spaced(g.ratios, MIXTURE_SAMPLE) }));
  const total = groups.reduce((s, g) => s + g.weight, 0);
  const share = (g: { ratios: number[][]; weight: number }) => g.weight / total / g.ratios.length;
  return TAIL_LEVELS.map((p, k) => {
    const z = zScore(p);
    const below = (q: number) => groups.reduce((s, g) => s + share(g) * g.ratios.reduce((a, r) => a + (r[k] > 0 ? cdf((q * z) / r[k]) : 1), 0), 0);
    let lo = 0;
    let hi = Math.max(...groups.flatMap((g) => g.ratios.map((r) => r[k])), 0);
    if (below(hi) < p) return hi;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (below(mid) < p) lo = mid;
      else hi = mid;
    }
    return hi;
  });
}

/** b of spread ∝ mean^b by least squares on the logs of σ, bounded to [½, 1]. */
function exponentOf(entries: SpreadInput[]): number {
  const xs = entries.map((e) => Math.log(e.meanDaily));
  if (Math.max(...xs) - Math.min(...xs) < Math.log(EXPONENT_SPAN)) return 0.5;
  const ys = entries.map((e) => Math.log(e.sigma));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
  });
  return Math.min(1, Math.max(0.5, sxy / sxx));
}

/** The shop's pool from tonight's forecasts (null when it has too few established products). */
export function spreadPool(entries: SpreadInput[]): SpreadPool | null {
  const base = entries.filter(established);
  if (base.length < MIN_SHOP_PRODUCTS) return null;
  const exponent = exponentOf(base);
  const ratiosOf = (e: SpreadInput) => (e.errorQuantiles as number[]).map((v) => v / e.meanDaily ** exponent);
  const all = base.map(ratiosOf);
  const shop = mixture([{ ratios: all, weight: 1 }]);
  const byCategory = new Map<string, number[][]>();
  base.forEach((e, i) => {
    if (!e.category) return;
    const list = byCategory.get(e.category);
    if (list) list.push(all[i]);
    else byCategory.set(e.category, [all[i]]);
  });
  // The shop's part of every category's mixture: its sample, the same for all.
  const shopSample = spaced(all, SHRINK_SAMPLE);
  const categories: SpreadPool['categories'] = new Map();
  for (const [category, list] of byCategory) {
    if (list.length < MIN_CATEGORY_PRODUCTS) continue;
    // The shop's products weigh like SHRINK_PRODUCTS of the category's own.
    const ratios = mixture([{ ratios: list, weight: list.length }, { ratios: shopSample, weight: SHRINK_PRODUCTS }]);
    categories.set(category, { ratios, products: list.length });
  }
  return { exponent, shop, products: base.length, categories };
}

/**
 * The product's forecast with its error quantiles weighed against its category's pool at lead time
 * `lead` (credibility: its own backtest counts by the independent lead times it held in the last
 * year, the pool as PRIOR_LEAD_TIMES of them). The pool's figures are its ratios × the product's
 * mean^b, widened by √(1 + L/n) for a mean read from n days. `pooledFrom`: the products the pool
 * came from, whether they are its category's (else the shop's), and whether the product had no
 * backtest of its own (then its own distribution's reorder point stays a floor under the pool's:
 * plan.ts reorderPointFor). Intermittent items (ordered for a fill rate), products with no forecast
 * or unknown history, and shops without a pool: as they are.
 */
export function withPooledSpread<F extends Pick<ForecastPart, 'meanDaily' | 'sigma'> & Partial<Pick<ForecastPart, 'errorQuantiles' | 'historyDays' | 'method'>>>(
  forecast: F,
  pool: SpreadPool | null | undefined,
  lead: number,
  category?: string,
): Omit<F, 'errorQuantiles'> & { errorQuantiles?: number[] | null; pooledFrom?: PooledFrom } {
  if (!pool || !(forecast.meanDaily > 0) || forecast.historyDays === undefined || intermittentMethod(forecast.method)) return forecast;
  const days = forecast.historyDays;
  const own = category ? pool.categories.get(category) : undefined;
  const ratios = own?.ratios ?? pool.shop;
  // A product under three weeks old forecasts from its last 7 days' mean (select.ts NEW_PRODUCT_DAYS).
  const read = forecast.method === 'sma' ? Math.min(days, 7) : days;
  const scale = forecast.meanDaily ** pool.exponent * Math.sqrt(1 + lead / Math.max(1, read));
  const tail = ratios.map((r) => r * scale);
  const mine = forecast.errorQuantiles && forecast.errorQuantiles.length === tail.length ? forecast.errorQuantiles : null;
  // select.ts leadTimeErrors: the errors of the last year's lead times, from MA_DAYS on.
  const held = mine ? Math.max(0, Math.min(365, days - MA_DAYS - lead) / lead) : 0;
  const w = held / (held + PRIOR_LEAD_TIMES);
  return {
    ...forecast,
    errorQuantiles: tail.map((t, k) => (mine ? w * mine[k] + (1 - w) * t : t)),
    pooledFrom: { products: own?.products ?? pool.products, category: !!own, alone: !mine },
  };
}
