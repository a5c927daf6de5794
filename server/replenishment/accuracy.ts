// How well a product's forecast did in the night's backtest, in the merchant's words, for the
// alerts page and each 补货建议 line. MASE < 1: better than "sells what it sold the day before";
// the weekly error is the spread of a week's demand around the forecast (σ per day × √7).
import type { ForecastAccuracy } from '../../typings/api/replenishment';
import type { ReplenishmentRecord } from '../../typings/models';

/** MASE bounds of the grades: 好 clearly beats the naive forecast, 差 clearly loses to it. */
export const GOOD_MASE = 0.8;
export const POOR_MASE = 1.2;

const LABELS = { good: '好', fair: '一般', poor: '差' } as const;

export function forecastAccuracy(r: Pick<ReplenishmentRecord, 'mase' | 'sigma' | 'baseUnit'>): ForecastAccuracy {
  const mase = typeof r.mase === 'number' && Number.isFinite(r.mase) ? r.mase : null;
  if (mase === null) return { grade: 'unknown', mase: null, weeklyError: null, text: '预测准确度：销售记录太少，还算不出' };
  const grade = mase < GOOD_MASE ? 'good' : mase < POOR_MASE ? 'fair' : 'poor';
  const week = Math.max(0, r.sigma || 0) * Math.sqrt(7);
  const weeklyError = week < 1 ? Math.round(week * 10) / 10 : Math.round(week);
  const error = weeklyError < 0.1 ? '，每周误差很小' : `（每周误差约 ±${weeklyError}${r.baseUnit}）`;
  return { grade, mase: Math.round(mase * 100) / 100, weeklyError, text: `预测准确度：${LABELS[grade]}${error}` };
}
