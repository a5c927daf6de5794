// 开单: scan to add lines, adjust, pick how the customer paid (and who, for 赊账: the searchable
// customer picker of the sales subpackage hands the choice back through the event channel), submit once.
import type { PaymentMethod } from '../../../typings/models';
import { scanDocument, SubmitOptions } from '../../behaviors/scan-document';
import { call, errorMessage } from '../../services/api';
import type { PickedCustomer } from '../../services/customers';
import { stockService } from '../../services/stock';
import type { CartLine } from '../../utils/cart';
import { fenToYuan, formatMoney, yuanToFen } from '../../utils/money';

Component({
  behaviors: [scanDocument],
  data: {
    priceKind: 'sale',
    stockMatters: true,
    payment: 'wechat' as PaymentMethod,
    payments: [
      { value: 'wechat', label: '微信' },
      { value: 'cash', label: '现金' },
      { value: 'alipay', label: '支付宝' },
      { value: 'credit', label: '赊账' },
    ],
    customerId: '',
    customerName: '',
    /** what the chosen customer owes already, and their limit, under their name */
    customerNote: '',
    /** 整单优惠 as typed (yuan); clerks only within the owner's limit (the server says E_PRICE_LIMIT) */
    discount: '',
    /** what the customer pays: the lines' total less the order discount */
    payableFen: 0,
    /** cash handed over, as typed (yuan); optional */
    tendered: '',
    changeText: '',
  },
  observers: {
    'tendered, totalFen, discount'(tendered: string, total: number, discount: string) {
      const payable = Math.max(0, total - (yuanToFen(discount) ?? 0));
      const fen = yuanToFen(tendered);
      const text = fen === null || !tendered ? '' : fen < payable ? `还差 ¥${fenToYuan(payable - fen)}` : `找零 ¥${fenToYuan(fen - payable)}`;
      if (text !== this.data.changeText || payable !== this.data.payableFen) this.setData({ changeText: text, payableFen: payable });
    },
  },
  methods: {
    onLoad() {
      // the customer is chosen on demand (the picker page searches); nothing to load up front
    },
    onPayment(e: WechatMiniprogram.CustomEvent) {
      this.setData({ payment: e.detail as unknown as PaymentMethod, error: '' });
    },
    /** 选择客户: the sales subpackage's customer list in pick mode answers through `picked`. */
    onPickCustomer() {
      wx.navigateTo({
        url: '/packages/sales/pages/customers/index?pick=1',
        events: { picked: (c: PickedCustomer) => this.chooseCustomer(c) },
      });
    },
    chooseCustomer(c: PickedCustomer) {
      const owes = c.receivableFen > 0 ? `已欠 ${formatMoney(c.receivableFen)}` : '';
      const limit = c.creditLimitFen === null ? '' : `额度 ${formatMoney(c.creditLimitFen)}`;
      this.setData({ customerId: c._id, customerName: c.name, customerNote: [owes, limit].filter(Boolean).join(' · '), error: '' });
    },
    onClearCustomer() {
      this.setData({ customerId: '', customerName: '', customerNote: '' });
    },
    /** 新客户 (owner/manager): a name is enough to sell on credit; the rest can come later. */
    async onNewCustomer() {
      const res = await wx.showModal({ title: '新客户', editable: true, placeholderText: '客户名称，如：张三', confirmText: '添加' });
      const name = (res.content ?? '').trim();
      if (!res.confirm || !name) return;
      try {
        const c = await call('customers.save', { name });
        this.chooseCustomer(c);
      } catch (e) {
        this.setData({ error: errorMessage(e) });
      }
    },
    onTendered(e: WechatMiniprogram.CustomEvent) {
      this.setData({ tendered: String(e.detail ?? '') });
    },
    onDiscount(e: WechatMiniprogram.CustomEvent) {
      this.setData({ discount: String(e.detail ?? '').trim(), error: '' });
    },
    checkDocument(): string {
      if (this.data.payment === 'credit' && !this.data.customerId) return '赊账请先选择客户';
      if (this.data.discount) {
        const off = yuanToFen(this.data.discount);
        if (off === null) return '整单优惠格式不对，如 5 或 5.50';
        if (off > this.data.totalFen) return '整单优惠不能超过合计';
      }
      if (this.data.payment === 'cash' && this.data.tendered) {
        const fen = yuanToFen(this.data.tendered);
        if (fen === null) return '实收金额格式不对，如 50 或 50.00';
        if (fen < this.data.payableFen) return '实收金额不够';
      }
      return '';
    },
    async submitDocument(lines: CartLine[], requestId: string, _options: SubmitOptions): Promise<string> {
      const method = this.data.payment;
      const tenderedFen = method === 'cash' && this.data.tendered ? yuanToFen(this.data.tendered) ?? undefined : undefined;
      const sale = await stockService.sell({
        requestId,
        warehouseId: this.data.warehouseId || undefined,
        customerId: this.data.customerId || undefined,
        lines: lines.map((l) => ({ productId: l.productId, qty: l.qty, unitPriceFen: l.priceFen })),
        discountFen: this.data.discount ? yuanToFen(this.data.discount) ?? 0 : 0,
        payment: { method, ...(method === 'credit' ? { paidFen: 0 } : {}), ...(tenderedFen !== undefined ? { tenderedFen } : {}) },
      });
      const amount = sale.totals.amountFen ?? 0;
      const owed = sale.payment?.owedFen ?? 0;
      const change = sale.payment?.changeFen ?? 0;
      const message =
        method === 'credit'
          ? `赊账 ¥${fenToYuan(amount)}：${this.data.customerName}欠 ¥${fenToYuan(owed)}`
          : change
            ? `已收 ¥${fenToYuan(amount)}，找零 ¥${fenToYuan(change)}`
            : `已收 ¥${fenToYuan(amount)}`;
      this.setData({ tendered: '', discount: '', customerId: '', customerName: '', customerNote: '' });
      return message;
    },
  },
});
