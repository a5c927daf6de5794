import { barcodeKind, barcodeProblem, gs1CheckDigit } from '../../miniprogram/utils/barcode';
import { addProduct, setQty, shortLines, totalFen } from '../../miniprogram/utils/cart';
import { fenToYuan, formatMoney, yuanToFen } from '../../miniprogram/utils/money';
import { costAfterInbound, costAfterOutbound, valueFen } from '../../server/posting/cost';

describe('barcodes', () => {
  test('GS1 check digits of published examples', () => {
    expect(gs1CheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931 (GS1 example)
    expect(gs1CheckDigit('03600029145')).toBe(2); // UPC-A 036000291452 (GS1 US example)
    expect(gs1CheckDigit('9638507')).toBe(4); // EAN-8 96385074
    expect(barcodeProblem('4006381333931')).toBeNull();
    expect(barcodeProblem('036000291452')).toBeNull();
    expect(barcodeProblem('96385074')).toBeNull();
  });
  test('wrong check digits, bad characters and internal codes', () => {
    expect(barcodeProblem('4006381333932')).toBe('条码校验位错误（EAN-13 末位应为 1）');
    expect(barcodeProblem('abc 123')).toContain('只能包含');
    expect(barcodeProblem('')).toBe('条码不能为空');
    expect(barcodeKind('SKU-001')).toBe('INTERNAL');
    expect(barcodeProblem('SKU-001')).toBeNull();
  });
});

describe('money', () => {
  test('yuan text to fen and back, exactly', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('1.005')).toBeNull();
    expect(yuanToFen('-1')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
    expect(fenToYuan(1999)).toBe('19.99');
    expect(formatMoney(-250)).toBe('-¥2.50');
  });
});

describe('cart', () => {
  const cola = { _id: 'c', name: '可乐', baseUnit: '罐', salePriceFen: 300, purchasePriceFen: 180, onHand: 2, batchTracked: false };
  test('a repeat scan increments; quantity 0 removes; totals in fen', () => {
    let lines = addProduct([], cola, 'sale');
    lines = addProduct(lines, cola, 'sale');
    lines = addProduct(lines, cola, 'sale');
    expect(lines).toHaveLength(1);
    expect(lines[0].qty).toBe(3);
    expect(totalFen(lines)).toBe(900);
    expect(shortLines(lines)).toHaveLength(1);
    expect(addProduct([], cola, 'purchase')[0].priceFen).toBe(180);
    expect(setQty(lines, 'c', 0)).toEqual([]);
  });
});

describe('moving-average cost', () => {
  test('inbound averages; an empty or negative balance takes the new cost', () => {
    expect(costAfterInbound(10, '100', 30, '140')).toBe('130');
    expect(costAfterInbound(0, '999', 5, '120')).toBe('120');
    expect(costAfterInbound(-3, '50', 5, '120')).toBe('120');
    expect(costAfterInbound(3, '1', 3, '2')).toBe('1.5');
    expect(costAfterInbound(3, '1', 1, '1.1')).toBe('1.025');
  });
  test('outbound at the average leaves it; at another cost recomputes it', () => {
    expect(costAfterOutbound(10, '130', 4, '130')).toBe('130');
    expect(costAfterOutbound(40, '130', 30, '140')).toBe('100');
    expect(valueFen(3, '33.333333')).toBe(100);
  });
});

describe('order discount split', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { allocateDiscount } = require('../../server/stock/pricing');
  test('shares add up to the discount and no line goes below zero (largest remainder)', () => {
    // 6 × 10/41 = 1.46 on each 10, 0.15 on the 1: floors 1,1,1,1,0 and the 2 fen left go to the largest remainders.
    expect(allocateDiscount([10, 10, 10, 10, 1], 6)).toEqual([8, 8, 9, 9, 1]);
    const net = allocateDiscount([10, 10, 10, 10, 1], 6);
    expect(net.reduce((s: number, v: number) => s + v, 0)).toBe(35);
    expect(Math.min(...net)).toBeGreaterThanOrEqual(0);
    expect(allocateDiscount([1999, 1001], 300)).toEqual([1799, 901]);
    expect(allocateDiscount([500], 500)).toEqual([0]);
  });
});
