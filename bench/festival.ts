// 春节 in a shop's products: every product of a generated shop carries the same festival effect
// (年货 surge before 初一, a lull during it, each product's own size of it around the shop's), a
// weekly pattern, and either regular or intermittent demand. Each series has a twin drawn from the
// same random numbers without the festival, fitted as it is (no festival handling), so what the
// festival does to the fit shows directly:
//   after the festival (origin 2026-03-03): the weekly indices against the true pattern, σ against
//     the twin's σ, and the error of the next 28 days;
//   before the next one (origin 2027-01-16, the 2027 window is days 7–27 of the forecast): the error
//     of the forecast sums of the 年货 and the festival week, and how many products are forecast 0
//     in a festival week in which they sell.
// Run: npm run bench -- festival [--products 200] [--seed 5]
import { addDays, daysBetween } from '../server/replenishment/history';
import { effectEvidence, holidayPhase, phasesOf, poolEffects } from '../server/replenishment/holidays';
import { forecastDaily } from '../server/replenishment/plan';
import { chooseMethod } from '../server/replenishment/select';
import type { CombinationFit } from '../server/replenishment/combine';
import { mulberry32 } from './random';

const FIRST_DAY = '2024-10-01';
const WEEKLY = [0.8, 0.8, 0.9, 0.9, 1.1, 1.6, 1.9];
/** The shop's festival effect; each product's is this × a log-normal factor (σ 0.3). */
const SHOP_PRE = 2.2;
const SHOP_FESTIVAL = 0.5;

/** Poisson(λ) at the quantile u: one uniform per day, so a series and its twin share their noise. */
function poissonAt(u: number, lambda: number): number {
  if (lambda <= 0) return 0;
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  while (u > cdf && k < 1000) {
    k++;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

const gaussian = (rand: () => number) => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());

interface ShopProduct {
  kind: 'regular' | 'intermittent';
  withFestival: number[];
  twin: number[];
}

function makeShop(n: number, seed: number, days: number): ShopProduct[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_x, i) => {
    const kind = i % 2 ? 'intermittent' : 'regular';
    const rate = kind === 'regular' ? 3 + rand() * 17 : 0.1 + rand() * 0.4;
    const pre = SHOP_PRE * Math.exp(0.3 * gaussian(rand));
    const festival = SHOP_FESTIVAL * Math.exp(0.3 * gaussian(rand));
    const withFestival: number[] = [];
    const twin: number[] = [];
    const weekday0 = new Date(`${FIRST_DAY}T00:00:00Z`).getUTCDay();
    for (let t = 0; t < days; t++) {
      const phase = holidayPhase(addDays(FIRST_DAY, t));
      const lambda = rate * WEEKLY[(weekday0 + t) % 7];
      const effect = phase === 'pre' ? pre : phase === 'festival' ? festival : 1;
      const u = rand();
      withFestival.push(poissonAt(u, lambda * effect));
      twin.push(poissonAt(u, lambda));
    }
    return { kind, withFestival, twin };
  });
}

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
const median = (v: number[]) => {
  const s = v.slice().sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

/** The forecasts of a shop's products at `today` (history up to the day before). */
export type ShopForecaster = (series: number[][], firstDay: string, today: string, horizon: number) => ReturnType<typeof forecastDaily>[];

/** As the night does it: effects pooled over the shop's products, then each product forecast. */
const pooled: ShopForecaster = (series, firstDay, today, horizon) => {
  const pool = poolEffects(series.map((y) => effectEvidence(y, phasesOf(firstDay, y.length))));
  return series.map((y) => forecastDaily(y, firstDay, today, horizon, 7, { pool }));
};

export async function benchFestival(args: Record<string, string>, forecaster: ShopForecaster = pooled): Promise<void> {
  const n = Number(args.products ?? 200);
  const seed = Number(args.seed ?? 5);
  const nextNewYear = '2027-02-06';
  const days = daysBetween(FIRST_DAY, addDays(nextNewYear, 7));
  const shop = makeShop(n, seed, days);

  // After the festival: 2026's window ends on 2026-02-23; two weeks of ordinary days since.
  const after = '2026-03-03';
  const cut = daysBetween(FIRST_DAY, after);
  const withF = forecaster(shop.map((p) => p.withFestival.slice(0, cut)), FIRST_DAY, after, 28);
  const twin = shop.map((p) => {
    const choice = chooseMethod(p.twin.slice(0, cut), { leadTime: 7, horizon: 28 });
    return { choice, forecast: choice.fit.forecast(28).map((v) => Math.max(0, v)) };
  });
  const weekday0 = new Date(`${FIRST_DAY}T00:00:00Z`).getUTCDay();
  const truth = Array.from({ length: 7 }, (_x, d) => WEEKLY[(weekday0 + d) % 7] / (sum(WEEKLY) / 7));
  const indexError: number[] = [];
  const twinIndexError: number[] = [];
  const sigmaRatio: number[] = [];
  let absErr = 0;
  let twinErr = 0;
  let actual = 0;
  shop.forEach((p, i) => {
    const season = (withF[i].choice.fit as Partial<CombinationFit>).season;
    const twinSeason = (twin[i].choice.fit as Partial<CombinationFit>).season;
    if (p.kind === 'regular' && season) indexError.push(Math.max(...season.map((s, d) => Math.abs(s - truth[d]))));
    if (p.kind === 'regular' && twinSeason) twinIndexError.push(Math.max(...twinSeason.map((s, d) => Math.abs(s - truth[d]))));
    if (twin[i].choice.sigma > 0) sigmaRatio.push(withF[i].choice.sigma / twin[i].choice.sigma);
    for (let d = 0; d < 28; d++) {
      absErr += Math.abs(withF[i].forecast[d] - p.withFestival[cut + d]);
      twinErr += Math.abs(twin[i].forecast[d] - p.twin[cut + d]);
      actual += p.withFestival[cut + d];
    }
  });
  console.log(`${n} products (half regular 3–20/day, half intermittent 0.1–0.5/day), weekly pattern, shop festival effect 年货 ×${SHOP_PRE}, festival week ×${SHOP_FESTIVAL}`);
  console.log(`after 2026's festival (origin ${after}):`);
  console.log(`  weekly index, largest error against the true pattern (regular, median): ${median(indexError).toFixed(3)} (twin: ${median(twinIndexError).toFixed(3)})`);
  console.log(`  σ with the festival / σ of the festival-free twin (median): ${median(sigmaRatio).toFixed(3)}`);
  console.log(`  next 28 days WAPE: ${(absErr / actual).toFixed(3)} (festival-free twin: ${(twinErr / actual).toFixed(3)})`);

  // Before 2027's festival: its 年货 days are forecast days 7–20, the festival week 21–27.
  const before = '2027-01-16';
  const cut2 = daysBetween(FIRST_DAY, before);
  const pre = daysBetween(before, addDays(nextNewYear, -14));
  const fc = forecaster(shop.map((p) => p.withFestival.slice(0, cut2)), FIRST_DAY, before, 28);
  for (const kind of ['regular', 'intermittent'] as const) {
    let preErr = 0, preActual = 0, festErr = 0, festActual = 0, zeroForecast = 0, sold = 0;
    shop.forEach((p, i) => {
      if (p.kind !== kind) return;
      const f = fc[i].forecast;
      const y = p.withFestival.slice(cut2, cut2 + 28);
      preErr += Math.abs(sum(f.slice(pre, pre + 14)) - sum(y.slice(pre, pre + 14)));
      preActual += sum(y.slice(pre, pre + 14));
      festErr += Math.abs(sum(f.slice(pre + 14, pre + 21)) - sum(y.slice(pre + 14, pre + 21)));
      festActual += sum(y.slice(pre + 14, pre + 21));
      if (sum(y.slice(pre + 14, pre + 21)) > 0) {
        sold++;
        if (sum(f.slice(pre + 14, pre + 21)) < 0.05) zeroForecast++;
      }
    });
    console.log(`before 2027's festival (origin ${before}), ${kind}: 年货 14-day sum WAPE ${(preErr / preActual).toFixed(3)}, festival-week sum WAPE ${(festErr / festActual).toFixed(3)}, forecast 0 in a festival week that sold: ${zeroForecast} of ${sold}`);
  }
}
