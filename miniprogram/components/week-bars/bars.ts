// Bar geometry of the week-bars chart (pure: tested without rendering).
export interface Bar {
  value: number;
  /** height in % of the tallest bar */
  height: number;
  forecast: boolean;
  label: string;
}

export function barsOf(weeks: number[], forecastWeek: number | null): Bar[] {
  const values = [...weeks, ...(forecastWeek === null ? [] : [forecastWeek])].map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const max = Math.max(0, ...values);
  return values.map((value, i) => ({
    value: Math.round(value * 10) / 10,
    // A zero week still shows a hairline, so the eye reads "nothing sold", not "no data".
    height: max > 0 ? Math.max(2, Math.round((value / max) * 100)) : 2,
    forecast: forecastWeek !== null && i === values.length - 1,
    label: forecastWeek !== null && i === values.length - 1 ? '预测' : i === weeks.length - 1 ? '上周' : '',
  }));
}
