// The accuracy bench's yardsticks (bench m5): what its gap figures and its "forecast 0" line mean.
import { pairedGap, score } from '../../bench/m5data';

test('the gap to another model is paired series by series: a steady lead has no error, however different the series', () => {
  const theirs = [0.5, 2, 0.8, 1.4, 0.3]; // mean 1
  const { gap, se } = pairedGap(theirs.map((v) => v + 0.01), theirs);
  expect(gap).toBeCloseTo(1, 6);
  expect(se).toBeCloseTo(0, 6); // unpaired, the two means' errors would be ±30%
  // a gap that changes sign from series to series is noise: its error is as large as the gap
  const noisy = pairedGap([1.1, 0.9, 1.1, 0.9], [1, 1, 1, 1]);
  expect(noisy.gap).toBeCloseTo(0, 9);
  expect(noisy.se).toBeCloseTo(5.77, 2);
});

test('when most days sell nothing, forecasting 0 wins MASE and loses RMSSE against the mean', () => {
  // a sale of 3 on every fifth day: mean 0.6 a day, median 0
  const y = Array.from({ length: 140 }, (_x, t) => (t % 5 === 0 ? 3 : 0));
  const train = y.slice(0, 112);
  const test = y.slice(112);
  const zero = score(train, test, Array(28).fill(0));
  const mean = score(train, test, Array(28).fill(0.6));
  expect(zero.mase).toBeLessThan(mean.mase);
  expect(zero.rmsse).toBeGreaterThan(mean.rmsse);
});
