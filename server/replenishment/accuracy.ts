// How well a product's forecast did in the night's backtest, in the merchant's words, for the
// alerts page and each 补货建议 line. Two measures, because each fails alone: the weekly error
// (σ per day × √7, the spread of a week's sales around the forecast) against a week's sales, and
// MASE (< 1: better than "sells what it sold the day before"). MASE alone calls a product that
// sells exactly 10 a day 差 (the naive forecast is then nearly perfect and any error is large next
// to it); the share alone calls every slow item 差.
import type { ForecastAccuracy } from '../../typings/api/replenishment';
import type { ReplenishmentRecord } from '../../typings/models';

/** 好: the week's error within a quarter of a week's sales, or clearly better than the naive forecast. */
export const GOOD_SHARE = 0.25;
export const GOOD_MASE = 0.8;
/** 差: the week's error above half a week's sales AND no better than the naive forecast. */
export const POOR_SHARE = 0.5;
export const POOR_MASE = 1.2;

const LABELS = { good: '好', fair: '一般', poor: '差' } as const;

export function forecastAccuracy(r: Pick<ReplenishmentRecord, 'mase' | 'sigma' | 'meanDaily' | 'baseUnit'>): ForecastAccuracy {
  const mase = typeof r.mase === 'number' && Number.isFinite(r.mase) ? r.mase : null;
  if (mase === null) return { grade: 'unknown', mase: null, weeklyError: null, text: '预测准确度：销售记录太少，还算不出' };
  const week = Math.max(0, r.sigma || 0) * Math.sqrt(7);
  const share = r.meanDaily > 0 ? week / (r.meanDaily * 7) : Infinity;
  const grade = share <= GOOD_SHARE || mase < GOOD_MASE ? 'good' : share > POOR_SHARE && mase >= POOR_MASE ? 'poor' : 'fair';
  const weeklyError = week < 1 ? Math.round(week * 10) / 10 : Math.round(week);
  const error = weeklyError < 0.1 ? '，每周误差很小' : `（每周误差约 ±${weeklyError}${r.baseUnit}）`;
  return { grade, mase: Math.round(mase * 100) / 100, weeklyError, text: `预测准确度：${LABELS[grade]}${error}` };
}
