// The chart component in simulate: heights relative to the tallest week, the forecast bar last.
import path from 'node:path';
import simulate from 'miniprogram-simulate';
import { barsOf } from '../bars';

test('bar heights are relative to the tallest, zero weeks keep a hairline, never NaN', () => {
  const bars = barsOf([0, 10, 20, 40], 30);
  expect(bars.map((b) => b.height)).toEqual([2, 25, 50, 100, 75]);
  expect(bars.map((b) => b.label)).toEqual(['', '', '', '上周', '预测']);
  expect(barsOf([0, 0], 0).map((b) => b.height)).toEqual([2, 2, 2]);
  expect(barsOf([NaN, -3], null).map((b) => b.value)).toEqual([0, 0]);
});

test('renders one column per week and a distinct forecast column', async () => {
  const id = simulate.load(path.join(__dirname, '..', 'index'));
  const comp = simulate.render(id, { weeks: [7, 14, 0, 21, 14, 7, 14, 28], forecastWeek: 21 });
  comp.attach(document.createElement('parent-wrapper'));
  await simulate.sleep(0);
  const bars = comp.querySelectorAll('.week-bars__bar');
  expect(bars).toHaveLength(9);
  expect(comp.querySelectorAll('.week-bars__bar--forecast')).toHaveLength(1);
  expect(bars[7]!.dom!.getAttribute('style')).toContain('height: 100%');
  expect(bars[8]!.dom!.getAttribute('style')).toContain('height: 75%');
});
