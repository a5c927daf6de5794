// 供应商对账单: opening, every receipt / return / payment of the period (this month by default),
// closing; and 付款, which lowers what the shop owes.
import type { StatementEntry } from '../../../../../typings/api/purchasing';
import { errorMessage } from '../../../../services/api';
import { chinaTime, chinaToday, purchasingService, requestIdsOf } from '../../../../services/purchasing';
import { fenToYuan, formatMoney, yuanToFen } from '../../../../utils/money';

const METHODS = [
  { key: 'wechat', label: '微信' },
  { key: 'alipay', label: '支付宝' },
  { key: 'cash', label: '现金' },
  { key: 'bank', label: '银行转账' },
  { key: 'card', label: '刷卡' },
] as const;
type Method = (typeof METHODS)[number]['key'];

/** The name shown until the statement answers with the real one (WeChat leaves query values encoded). */
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

Component({
  data: {
    supplierId: '',
    supplierName: '',
    from: '',
    to: '',
    loading: true,
    error: '',
    openingFen: 0,
    closingFen: 0,
    entries: [] as (StatementEntry & { key: string; atText: string })[],
    methods: METHODS,
    paying: false,
    payOpen: false,
    pay: { amount: '', method: 'wechat' as Method, note: '' },
    payError: '',
  },
  methods: {
    onLoad(query: { supplierId?: string; name?: string }) {
      const today = chinaToday();
      this.setData({ supplierId: query.supplierId ?? '', supplierName: safeDecode(query.name ?? ''), from: `${today.slice(0, 8)}01`, to: today });
      return this.load();
    },
    async load() {
      this.setData({ loading: this.data.entries.length === 0, error: '' });
      try {
        const s = await purchasingService.statement(this.data.supplierId, this.data.from, this.data.to);
        this.setData({
          loading: false,
          supplierName: s.supplierName,
          openingFen: s.openingFen,
          closingFen: s.closingFen,
          entries: s.entries.map((e, i) => ({ ...e, key: `${i}`, atText: chinaTime(e.at) })),
        });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onFrom(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ from: e.detail.value });
      this.load();
    },
    onTo(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ to: e.detail.value });
      this.load();
    },
    openPay() {
      this.setData({ payOpen: true, payError: '', 'pay.amount': this.data.closingFen > 0 ? fenToYuan(this.data.closingFen) : '' });
    },
    closePay() {
      this.setData({ payOpen: false });
    },
    onPayAmount(e: WechatMiniprogram.CustomEvent) {
      this.setData({ 'pay.amount': String(e.detail).trim(), payError: '' });
    },
    onPayMethod(e: WechatMiniprogram.TouchEvent) {
      this.setData({ 'pay.method': e.currentTarget.dataset.method as Method });
    },
    onPayNote(e: WechatMiniprogram.CustomEvent) {
      this.setData({ 'pay.note': String(e.detail) });
    },
    async onPay() {
      if (this.data.paying) return;
      const amountFen = yuanToFen(this.data.pay.amount);
      if (amountFen === null || amountFen <= 0) {
        this.setData({ payError: '请输入正确的付款金额' });
        return;
      }
      this.setData({ paying: true, payError: '' });
      try {
        const r = await requestIdsOf(this).run('pay', (requestId) =>
          purchasingService.pay({ requestId, supplierId: this.data.supplierId, amountFen, method: this.data.pay.method, note: this.data.pay.note }),
        );
        this.setData({ paying: false, payOpen: false, pay: { amount: '', method: this.data.pay.method, note: '' } });
        wx.showToast({ title: `已付 ${formatMoney(r.amountFen)}`, icon: 'success' });
        await this.load();
      } catch (e) {
        this.setData({ paying: false, payError: errorMessage(e) });
      }
    },
  },
});
