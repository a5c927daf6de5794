// The payment sheet of 付款 (to a supplier) and 收款 (from a customer): amount (default: what is
// owed), method, note; one request id per pending payment, so a retry after a network error pays
// once. The host implements payDefaultFen() and submitPayment(), and shows the sheet with the
// money-sheet template.
import { errorMessage } from '../services/api';
import { requestIdsOf } from '../services/purchasing';
import { fenToYuan, formatMoney, yuanToFen } from '../utils/money';

export const PAY_METHODS = [
  { key: 'wechat', label: '微信' },
  { key: 'alipay', label: '支付宝' },
  { key: 'cash', label: '现金' },
  { key: 'bank', label: '银行转账' },
  { key: 'card', label: '刷卡' },
] as const;
export type PayMethod = (typeof PAY_METHODS)[number]['key'];

export interface MoneySheetData {
  methods: typeof PAY_METHODS;
  payOpen: boolean;
  paying: boolean;
  pay: { amount: string; method: PayMethod; note: string };
  payError: string;
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: MoneySheetData;
  /** the amount offered when the sheet opens (fen; 0: empty) */
  payDefaultFen(): number;
  /** the write; answers the amount taken, for the toast */
  submitPayment(requestId: string, amountFen: number, method: PayMethod, note: string): Promise<{ amountFen: number }>;
};

const host = (self: unknown) => self as Host;

/** `verb`: 付 or 收, for the messages. */
export function moneySheet(verb: '付' | '收') {
  return Behavior({
    data: { methods: PAY_METHODS, payOpen: false, paying: false, pay: { amount: '', method: 'wechat', note: '' }, payError: '' } as MoneySheetData,
    methods: {
      openPay() {
        const h = host(this);
        const fen = h.payDefaultFen();
        h.setData({ payOpen: true, payError: '', 'pay.amount': fen > 0 ? fenToYuan(fen) : '' });
      },
      closePay() {
        host(this).setData({ payOpen: false });
      },
      onPayAmount(e: WechatMiniprogram.CustomEvent) {
        host(this).setData({ 'pay.amount': String(e.detail).trim(), payError: '' });
      },
      onPayMethod(e: WechatMiniprogram.TouchEvent) {
        host(this).setData({ 'pay.method': e.currentTarget.dataset.method as PayMethod });
      },
      onPayNote(e: WechatMiniprogram.CustomEvent) {
        host(this).setData({ 'pay.note': String(e.detail) });
      },
      async onPay() {
        const h = host(this);
        if (h.data.paying) return;
        const amountFen = yuanToFen(h.data.pay.amount);
        if (amountFen === null || amountFen <= 0) {
          h.setData({ payError: `请输入正确的${verb}款金额` });
          return;
        }
        const { method, note } = h.data.pay;
        h.setData({ paying: true, payError: '' });
        try {
          const r = await requestIdsOf(h).run('pay', (requestId) => h.submitPayment(requestId, amountFen, method, note));
          h.setData({ paying: false, payOpen: false, pay: { amount: '', method, note: '' } });
          wx.showToast({ title: `已${verb} ${formatMoney(r.amountFen)}`, icon: 'success' });
        } catch (e) {
          h.setData({ paying: false, payError: errorMessage(e) });
        }
      },
    },
  });
}
