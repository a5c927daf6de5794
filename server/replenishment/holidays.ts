// Known days whose demand is not ordinary: the Spring Festival (春节), which moves between 21 January
// and 20 February and dominates a Chinese shop's year (年货 stocking-up before it, closure or a lull
// during it), and the shop's own promotion days (双11, 618). A forecast that sees them as ordinary
// days takes the surge for a trend and the closure for a collapse; one that fills them with an
// invented flat baseline loses the weekly pattern around them. So they are MISSING in the fit, its
// backtest and σ (combine.ts, select.ts), and their effect (× the baseline of the 28 days before) is
// learned across the shop's products: a pooled median, shrunk towards no effect by how many products
// show it, and each product's own ratio shrunk towards that by how many units its festivals weighed.
import { addDays, daysBetween } from './history';

/** 正月初一 (Chinese New Year's Day) by Gregorian year. */
export const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
  2031: '2031-01-23',
  2032: '2032-02-11',
};

/** 年货 shopping: the 14 days before 初一; the festival: 初一 to 初七. */
export const PRE_DAYS = 14;
export const FESTIVAL_DAYS = 7;
const BASELINE_DAYS = 28;
/** Expected units at which a product's own effect is trusted half-way (as the weekly indices). */
export const EFFECT_SHRINK_UNITS = 20;
/** Products showing an effect at which the shop's pooled effect is trusted half-way. */
export const POOL_SHRINK_PRODUCTS = 3;
/** Expected units (baseline × days) a product needs to count in the shop's pool. */
export const POOL_MIN_UNITS = 7;

export type HolidayPhase = 'pre' | 'festival' | 'promotion' | null;
export const PHASES = ['pre', 'festival', 'promotion'] as const;
export type Phase = (typeof PHASES)[number];
export type HolidayFactors = Record<Phase, number>;

/** The shop's own promotion days: 'MM-DD' every year (双11: '11-11') or one 'YYYY-MM-DD'. */
export type PromotionDays = readonly string[];

export function holidayPhase(day: string, promotions: PromotionDays = []): HolidayPhase {
  const newYear = SPRING_FESTIVAL[Number(day.slice(0, 4))];
  if (newYear && day >= addDays(newYear, -PRE_DAYS) && day < newYear) return 'pre';
  if (newYear && day >= newYear && day < addDays(newYear, FESTIVAL_DAYS)) return 'festival';
  if (promotions.includes(day) || promotions.includes(day.slice(5))) return 'promotion';
  return null;
}

/**
 * The phase of every day of a series starting on `firstDay` (null: an ordinary day), by a few date
 * computations per year rather than one per day (the night runs this for every product).
 */
export function phasesOf(firstDay: string, length: number, promotions: PromotionDays = []): HolidayPhase[] {
  const out: HolidayPhase[] = new Array(length).fill(null);
  if (!length) return out;
  const mark = (from: number, to: number, phase: HolidayPhase) => {
    for (let t = Math.max(0, from); t < Math.min(length, to); t++) out[t] = out[t] ?? phase;
  };
  const lastYear = Number(addDays(firstDay, length - 1).slice(0, 4));
  for (let year = Number(firstDay.slice(0, 4)); year <= lastYear; year++) {
    const newYear = SPRING_FESTIVAL[year];
    if (newYear) {
      const t = daysBetween(firstDay, newYear);
      mark(t - PRE_DAYS, t, 'pre');
      mark(t, t + FESTIVAL_DAYS, 'festival');
    }
    for (const p of promotions) {
      const day = p.length === 5 ? `${year}-${p}` : p.startsWith(String(year)) ? p : null;
      // 02-29 in a year without it is no day (Date.parse would roll it to 1 March).
      if (day && addDays(day, 0) === day) mark(daysBetween(firstDay, day), daysBetween(firstDay, day) + 1, 'promotion');
    }
  }
  return out;
}

/** A product's known days added up: units sold on them and units its baseline expected. */
export type EffectEvidence = Record<Phase, { units: number; expected: number }>;

/**
 * Each stretch of known days fully inside the series, against the mean of the 28 ordinary days
 * before it (at least 14 of them needed).
 */
export function effectEvidence(series: number[], phases: HolidayPhase[]): EffectEvidence {
  const out: EffectEvidence = { pre: { units: 0, expected: 0 }, festival: { units: 0, expected: 0 }, promotion: { units: 0, expected: 0 } };
  let t = 0;
  while (t < series.length) {
    const phase = phases[t];
    if (!phase) {
      t++;
      continue;
    }
    let end = t;
    while (end < series.length && phases[end] === phase) end++;
    // A festival's pre days are measured against the days before them; its festival week against
    // the same baseline (the 28 days before the 年货 days).
    let start = t;
    if (phase === 'festival') while (start > 0 && phases[start - 1] === 'pre') start--;
    const before: number[] = [];
    for (let u = start - 1; u >= 0 && u >= start - BASELINE_DAYS * 2 && before.length < BASELINE_DAYS; u--) if (!phases[u]) before.push(series[u]);
    if (t > 0 && end < series.length && before.length >= BASELINE_DAYS / 2) {
      const baseline = before.reduce((a, b) => a + b, 0) / before.length;
      for (let u = t; u < end; u++) out[phase].units += series[u];
      out[phase].expected += baseline * (end - t);
    }
    t = end;
  }
  return out;
}

/** The shop's effect per phase: what its products show, pooled; `products` is how many showed it. */
export type EffectPool = Record<Phase, { factor: number; products: number }>;

const median = (v: number[]) => {
  const s = v.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const clamp = (v: number) => Math.min(5, Math.max(0, v));

/** Each product's own ratio per phase (those with at least 7 expected units): what a pool is made of. */
export type PoolRatios = Record<Phase, number[]>;

export function poolRatios(evidence: EffectEvidence[]): PoolRatios {
  const out = {} as PoolRatios;
  for (const phase of PHASES) out[phase] = evidence.filter((e) => e[phase].expected >= POOL_MIN_UNITS).map((e) => clamp(e[phase].units / e[phase].expected));
  return out;
}

/**
 * The median of the products' own ratios, shrunk towards 1 by n / (n + 3): one product's festival
 * is no shop's festival. `parts`: the ratios of several pages of products, pooled together.
 */
export function poolFromRatios(parts: PoolRatios[]): EffectPool {
  const out = {} as EffectPool;
  for (const phase of PHASES) {
    const ratios = parts.flatMap((r) => r[phase] ?? []);
    const n = ratios.length;
    out[phase] = { factor: n ? 1 + (n / (n + POOL_SHRINK_PRODUCTS)) * (median(ratios) - 1) : 1, products: n };
  }
  return out;
}

export function poolEffects(evidence: EffectEvidence[]): EffectPool {
  return poolFromRatios([poolRatios(evidence)]);
}

/**
 * One product's factors: its own ratio shrunk towards the shop's (towards 1 without a pool) by
 * expected / (expected + 20), so a slow item whose one festival week sold nothing is not forecast
 * at 0 next year. Null when neither the product nor the shop has seen a known day.
 */
export function holidayFactors(evidence: EffectEvidence, pool?: EffectPool | null): HolidayFactors | null {
  const out = {} as HolidayFactors;
  let seen = false;
  for (const phase of PHASES) {
    const prior = pool?.[phase].factor ?? 1;
    const { units, expected } = evidence[phase];
    if (expected > 0 || (pool?.[phase].products ?? 0) > 0) seen = true;
    const w = expected / (expected + EFFECT_SHRINK_UNITS);
    out[phase] = expected > 0 ? clamp(prior + w * (clamp(units / expected) - prior)) : prior;
  }
  return seen ? out : null;
}

/** Scales forecast days (from `firstDay`) that are known days by the factors of their phase. */
export function applyHolidayFactors(forecast: number[], firstDay: string, factors: HolidayFactors | null, promotions: PromotionDays = []): number[] {
  if (!factors) return forecast;
  return forecast.map((v, i) => {
    const phase = holidayPhase(addDays(firstDay, i), promotions);
    return phase ? v * factors[phase] : v;
  });
}
