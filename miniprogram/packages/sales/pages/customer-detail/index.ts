// 客户详情: how to reach them (call, copy the WeChat id), where to ship, what they owe with 收款 and
// the 对账单 (owner and manager), what they bought (newest first, more on demand; no cost for
// clerks), and 编辑.
import type { Customer } from '../../../../../typings/api/customers';
import type { PostingView } from '../../../../../typings/api/stock';
import { moneySheet, PayMethod } from '../../../../behaviors/money-sheet';
import { errorMessage } from '../../../../services/api';
import { customersService, LEVEL_LABELS, LEVEL_TAG, sinceText } from '../../../../services/customers';
import { chinaTime } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';
import { formatMoney } from '../../../../utils/money';

const PAGE_SIZE = 10;
const PAYMENT_LABELS: Record<string, string> = { wechat: '微信', alipay: '支付宝', cash: '现金', bank: '银行转账', card: '刷卡', credit: '赊账' };

/** A sale, return or reversal as one row: what, when, how paid, the products in a line. */
function entryOf(p: PostingView) {
  const owed = p.payment?.owedFen ?? 0;
  return {
    _id: p._id,
    type: p.type,
    label: p.typeLabel,
    at: chinaTime(p.createdAt),
    amountFen: p.totals.amountFen ?? 0,
    payment: p.type === 'sale' ? (owed > 0 ? `赊账，欠 ${formatMoney(owed)}` : PAYMENT_LABELS[p.payment?.method ?? ''] ?? '') : p.type === 'sale_return' ? `退回${PAYMENT_LABELS[p.payment?.method ?? ''] ?? ''}` : '',
    products: p.lines.map((l) => `${l.productName} ×${Math.abs(l.qty)}${l.baseUnit}`).join('、'),
  };
}
type Entry = ReturnType<typeof entryOf>;

Component({
  behaviors: [moneySheet('收')],
  data: {
    id: '',
    loading: true,
    error: '',
    customer: null as Customer | null,
    levelLabel: '',
    levelTag: 'default',
    canManage: false,
    receivableFen: 0,
    limitText: '',
    totals: { orders: 0, amountFen: 0, lastText: '' },
    history: [] as Entry[],
    page: 1,
    hasMore: false,
    loadingMore: false,
    moreError: '',
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: query.id ?? '' });
      shopService
        .mine()
        .then((m) => this.setData({ canManage: m.member?.role === 'owner' || m.member?.role === 'manager' }))
        .catch(() => undefined); // the page itself reports a failed network
      return this.load();
    },
    onShow() {
      // back from editing or the statement
      if (this.data.customer) this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, error: '没有指定客户' });
        return;
      }
      this.setData({ loading: !this.data.customer, error: '' });
      try {
        const d = await customersService.detail(this.data.id, 1, PAGE_SIZE);
        const c = d.customer;
        this.setData({
          loading: false,
          customer: c,
          levelLabel: LEVEL_LABELS[c.level],
          levelTag: LEVEL_TAG[c.level],
          receivableFen: d.receivableFen,
          limitText: c.creditLimitFen === null ? '不限' : formatMoney(c.creditLimitFen),
          totals: { orders: d.totals.orders, amountFen: d.totals.amountFen, lastText: sinceText(d.totals.lastPurchaseAt) },
          history: d.history.items.map(entryOf),
          page: 1,
          hasMore: d.history.hasMore,
          moreError: '',
        });
        wx.setNavigationBarTitle({ title: c.name });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    async loadMore() {
      if (!this.data.hasMore || this.data.loadingMore) return;
      this.setData({ loadingMore: true, moreError: '' });
      try {
        const page = this.data.page + 1;
        const d = await customersService.detail(this.data.id, page, PAGE_SIZE);
        const start = this.data.history.length;
        const patch: Record<string, unknown> = { loadingMore: false, page, hasMore: d.history.hasMore };
        d.history.items.forEach((p, i) => (patch[`history[${start + i}]`] = entryOf(p)));
        this.setData(patch);
      } catch (e) {
        this.setData({ loadingMore: false, moreError: errorMessage(e) });
      }
    },
    onReachBottom() {
      this.loadMore();
    },
    onCall() {
      const phone = this.data.customer?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },
    onCopyWechat() {
      const wechatId = this.data.customer?.wechatId;
      if (wechatId) wx.setClipboardData({ data: wechatId, success: () => wx.showToast({ title: '微信号已复制', icon: 'none' }) });
    },
    onCopyAddress(e: WechatMiniprogram.TouchEvent) {
      const a = this.data.customer?.addresses[Number(e.currentTarget.dataset.index)];
      if (a) wx.setClipboardData({ data: `${a.name} ${a.phone} ${a.address}`, success: () => wx.showToast({ title: '地址已复制', icon: 'none' }) });
    },
    onEdit() {
      wx.navigateTo({ url: `/packages/sales/pages/customer-edit/index?id=${encodeURIComponent(this.data.id)}` });
    },
    onStatement() {
      const c = this.data.customer;
      if (c) wx.navigateTo({ url: `/packages/sales/pages/customer-statement/index?customerId=${encodeURIComponent(c._id)}&name=${encodeURIComponent(c.name)}` });
    },
    payDefaultFen(): number {
      return Math.max(this.data.receivableFen, 0);
    },
    /** 收款: lowers what the customer owes (the money-sheet behavior keeps one request id per pending receipt). */
    async submitPayment(requestId: string, amountFen: number, method: PayMethod, note: string) {
      const r = await customersService.receive({ requestId, customerId: this.data.id, amountFen, method, note });
      this.setData({ receivableFen: r.receivableFen });
      return r;
    },
  },
});
