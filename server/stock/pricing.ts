// What a sale costs the customer and what was paid: line amounts, order discount, the clerk's
// price limit, and the payment (paid ≤ total; the rest of a credit sale is owed; cash change).
import Decimal from 'decimal.js';
import type { Payment, PaymentMethod, Role } from '../../typings/models';
import { AppError } from '../core/errors';
import { fenToYuan as fenToYuanText } from '../../miniprogram/utils/money';
import type { Resolved } from './lines';

export interface SaleLineInput {
  qty: number;
  unitPriceFen?: number;
  discountFen: number;
}

/**
 * Splits an order discount over lines in proportion to their amounts, to the fen, by largest
 * remainder: the shares add up to the discount and no line goes below zero.
 */
export function allocateDiscount(amounts: number[], discount: number): number[] {
  const total = amounts.reduce((s, a) => s + a, 0);
  if (discount === 0 || total === 0) return amounts;
  const exact = amounts.map((a) => new Decimal(discount).times(a).dividedBy(total));
  const shares = exact.map((e) => e.floor().toNumber());
  let left = discount - shares.reduce((s, a) => s + a, 0);
  const byRemainder = exact.map((e, i) => ({ i, rest: e.minus(e.floor()) })).sort((x, y) => y.rest.comparedTo(x.rest) || x.i - y.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    if (shares[i] < amounts[i]) {
      shares[i]++;
      left--;
    }
  }
  return amounts.map((a, i) => a - shares[i]);
}

/** Net amount per line after line and order discounts; a clerk may not go below the owner's limit. */
export function saleAmounts(lines: Resolved<SaleLineInput & { productId?: string; barcode?: string; unit?: string }>[], orderDiscountFen: number, role: Role, clerkDiscountLimitPct: number): { net: number[]; total: number } {
  const gross = lines.map((l, i) => {
    const unitPrice = l.input.unitPriceFen ?? l.product.salePriceFen * l.factor;
    const amount = new Decimal(unitPrice).times(l.input.qty).minus(l.input.discountFen).toNumber();
    if (amount < 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：优惠不能超过金额`, { line: i });
    return amount;
  });
  const total = gross.reduce((s, a) => s + a, 0) - orderDiscountFen;
  if (total < 0) throw new AppError('E_VALIDATION', '整单优惠不能超过合计金额');
  const net = allocateDiscount(gross, orderDiscountFen);
  if (role === 'clerk') {
    // A clerk's typed price and line discount are checked per line; an order discount against the
    // order as a whole (its split over lines is rounding, not the clerk's choice).
    const floorOf = (listFen: Decimal) => listFen.times(100 - clerkDiscountLimitPct).dividedBy(100).toDecimalPlaces(0, Decimal.ROUND_UP).toNumber();
    const limit = clerkDiscountLimitPct > 0 ? `店员最多优惠 ${clerkDiscountLimitPct}%` : '店员不能改价或优惠';
    const lists = lines.map((l) => new Decimal(l.product.salePriceFen).times(l.factor).times(l.input.qty));
    gross.forEach((amount, i) => {
      const floor = floorOf(lists[i]);
      if (amount < floor) {
        throw new AppError('E_PRICE_LIMIT', `第 ${i + 1} 行：「${lines[i].product.name}」最低 ¥${fenToYuanText(floor)}（${limit}），请按店铺价格销售或请店主开单`, { line: i, minAmountFen: floor });
      }
    });
    const orderFloor = floorOf(lists.reduce((s, x) => s.plus(x), new Decimal(0)));
    if (total < orderFloor) {
      throw new AppError('E_PRICE_LIMIT', `整单最低 ¥${fenToYuanText(orderFloor)}（${limit}），请减少优惠或请店主开单`, { minAmountFen: orderFloor });
    }
  }
  return { net, total };
}

/** The payment of a sale: paid never above the total, credit owes the rest, cash gives change. */
export function salePayment(method: PaymentMethod, totalFen: number, discountFen: number, paidFen?: number, tenderedFen?: number): Payment {
  const paid = paidFen ?? (method === 'credit' ? 0 : totalFen);
  if (paid > totalFen) {
    throw new AppError('E_VALIDATION', `实收 ¥${fenToYuanText(paid)} 超过应收 ¥${fenToYuanText(totalFen)}：现金多收的部分请填“收到现金”，系统会算找零`);
  }
  if (method !== 'credit' && paid < totalFen) throw new AppError('E_VALIDATION', '未收齐的款项请选择“赊账”并选择客户');
  if (tenderedFen !== undefined && tenderedFen < paid) throw new AppError('E_VALIDATION', `收到现金 ¥${fenToYuanText(tenderedFen)} 不够应收 ¥${fenToYuanText(paid)}`);
  return { method, paidFen: paid, discountFen, owedFen: totalFen - paid, changeFen: tenderedFen === undefined ? 0 : tenderedFen - paid };
}
