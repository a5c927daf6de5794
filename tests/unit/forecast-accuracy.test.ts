// The forecast's accuracy as the alerts page and the suggestions say it.
import { forecastAccuracy } from '../../server/replenishment/accuracy';

const of = (mase: number | null, sigma: number, meanDaily: number) => forecastAccuracy({ mase, sigma, meanDaily, baseUnit: '罐' });

test('a steady seller is 好 even when the naive forecast is nearly perfect (MASE large)', () => {
  // 10 a day, σ 1.2 a day: a week's error ±3 on 70 sold.
  expect(of(13.97, 1.2, 10)).toEqual({ grade: 'good', mase: 13.97, weeklyError: 3, text: '预测准确度：好（每周误差约 ±3罐）' });
});

test('a slow item that beats the naive forecast is 好; one that loses to it by a lot is 差', () => {
  expect(of(0.7, 0.6, 0.3).grade).toBe('good');
  expect(of(1.5, 0.6, 0.3)).toMatchObject({ grade: 'poor', text: '预测准确度：差（每周误差约 ±2罐）' });
});

test('between the two: 一般', () => {
  // ±9 a week on 35 (26%), MASE 0.95
  expect(of(0.95, 3.4, 5)).toMatchObject({ grade: 'fair', weeklyError: 9, text: '预测准确度：一般（每周误差约 ±9罐）' });
  // big error but no worse than naive: not 差
  expect(of(1.1, 3.4, 1).grade).toBe('fair');
});

test('under one unit a week the error keeps a decimal; no backtest: said so', () => {
  expect(of(0.5, 0.1, 0.2).text).toBe('预测准确度：好（每周误差约 ±0.3罐）');
  expect(of(0.5, 0, 0).text).toBe('预测准确度：好，每周误差很小');
  expect(of(null, 0, 0)).toEqual({ grade: 'unknown', mase: null, weeklyError: null, text: '预测准确度：销售记录太少，还算不出' });
});
