// The Spring Festival (春节) moves between 21 January and 20 February and dominates a Chinese
// shop's year: stocking-up before it (年货), closure or a lull during it. A forecast that sees it as
// ordinary days takes the surge for a trend and the closure for a collapse. So the festival days
// are replaced by the surrounding baseline before fitting, and last year's effect (× baseline,
// before and during) is applied to forecast days that fall in the next festival.
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

export type HolidayPhase = 'pre' | 'festival' | null;

export function holidayPhase(day: string): HolidayPhase {
  const newYear = SPRING_FESTIVAL[Number(day.slice(0, 4))];
  if (!newYear) return null;
  if (day >= addDays(newYear, -PRE_DAYS) && day < newYear) return 'pre';
  if (day >= newYear && day < addDays(newYear, FESTIVAL_DAYS)) return 'festival';
  return null;
}

export interface HolidayFactors {
  pre: number;
  festival: number;
}

const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);

/**
 * The series with festival days replaced by the baseline (mean of the 28 days before the window,
 * or of the 28 after when the series starts inside it), and the factors of the most recent
 * festival fully in the series with a positive baseline (clamped to [0, 5]; null when unknown).
 */
export function holidayProfile(series: number[], firstDay: string): { cleaned: number[]; factors: HolidayFactors | null } {
  const cleaned = series.slice();
  let factors: HolidayFactors | null = null;
  const lastDay = addDays(firstDay, series.length - 1);
  for (let year = Number(firstDay.slice(0, 4)); year <= Number(lastDay.slice(0, 4)); year++) {
    const newYear = SPRING_FESTIVAL[year];
    if (!newYear) continue;
    const start = daysBetween(firstDay, addDays(newYear, -PRE_DAYS));
    const festival = daysBetween(firstDay, newYear);
    const end = festival + FESTIVAL_DAYS; // exclusive
    if (end <= 0 || start >= series.length) continue;
    const before = series.slice(Math.max(0, start - BASELINE_DAYS), Math.max(0, start));
    const after = series.slice(Math.min(series.length, end), Math.min(series.length, end + BASELINE_DAYS));
    const baselineDays = before.length >= BASELINE_DAYS / 2 ? before : after.length >= BASELINE_DAYS / 2 ? after : null;
    if (!baselineDays) continue;
    const baseline = mean(baselineDays);
    if (start >= 0 && end <= series.length && baseline > 0 && before === baselineDays) {
      const clamp = (v: number) => Math.min(5, Math.max(0, v));
      factors = {
        pre: clamp(mean(series.slice(start, festival)) / baseline),
        festival: clamp(mean(series.slice(festival, end)) / baseline),
      };
    }
    for (let i = Math.max(0, start); i < Math.min(series.length, end); i++) cleaned[i] = baseline;
  }
  return { cleaned, factors };
}

/** Scales forecast days that fall in a festival window by last year's factors. */
export function applyHolidayFactors(forecast: number[], firstDay: string, factors: HolidayFactors | null): number[] {
  if (!factors) return forecast;
  const out = forecast.slice();
  const lastYear = Number(addDays(firstDay, forecast.length - 1).slice(0, 4));
  for (let year = Number(firstDay.slice(0, 4)); year <= lastYear; year++) {
    const newYear = SPRING_FESTIVAL[year];
    if (!newYear) continue;
    const festival = daysBetween(firstDay, newYear);
    for (let i = Math.max(0, festival - PRE_DAYS); i < Math.min(out.length, festival + FESTIVAL_DAYS); i++) out[i] *= i < festival ? factors.pre : factors.festival;
  }
  return out;
}
