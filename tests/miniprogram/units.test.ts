import { inPurchaseUnits, stockText } from '../../miniprogram/utils/units';

const box = { name: '箱', factor: 24 };

test('stock in purchase units: whole packs and the rest', () => {
  expect(inPurchaseUnits(134, '罐', box)).toBe('5箱14罐');
  expect(inPurchaseUnits(120, '罐', box)).toBe('5箱');
  expect(inPurchaseUnits(14, '罐', box)).toBe('14罐');
  expect(inPurchaseUnits(0, '罐', box)).toBe('0罐');
  expect(inPurchaseUnits(-30, '罐', box)).toBe('-1箱6罐');
  expect(inPurchaseUnits(134, '罐', null)).toBe('');
});

test('stock text adds the packs only when there is at least one', () => {
  expect(stockText(134, '罐', box)).toBe('134罐（5箱14罐）');
  expect(stockText(24, '罐', box)).toBe('24罐（1箱）');
  expect(stockText(23, '罐', box)).toBe('23罐');
  expect(stockText(134, '件', null)).toBe('134件');
});
