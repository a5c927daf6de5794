// 供应商详情 (owner and manager): how to reach them, what the shop owes (statement and payment on the
// statement page), 退货 without a receipt, open and recent orders, and a scorecard learned from the
// shop's own receipts.
// A figure without data says why instead of showing 0.
import type { ActionOutput } from '../../../../../typings/api';
import type { Party } from '../../../../../typings/api/parties';
import { errorMessage } from '../../../../services/api';
import { chinaTime, purchasingService, STATUS_TAG } from '../../../../services/purchasing';
import { formatMoney, roundFen } from '../../../../utils/money';

type Detail = ActionOutput<'suppliers.detail'>;
type OrderRow = Detail['openOrders'][number];

/** 0.667 → "66.7%" */
const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

function orderOf(o: OrderRow) {
  return { _id: o._id, no: o.no, statusLabel: o.statusLabel, tagType: STATUS_TAG[o.status] ?? 'default', day: o.createdAt.slice(0, 10), totalFen: o.totalFen, receivedPct: o.receivedPct, lineCount: o.lineCount };
}

/** Each figure as its value and one line under it: what it counts, or why there is nothing yet. */
function scoresOf(s: Detail['scorecard']) {
  return [
    {
      key: 'on-time',
      label: '准时到货率',
      value: s.onTimeRate === null ? '—' : percent(s.onTimeRate),
      hint: s.onTimeRate === null ? '还没有带交货日期的到货' : `${s.datedReceiptLines} 行带预计日期的到货`,
    },
    {
      key: 'fill',
      label: '到货率',
      value: s.fillRate === null ? '—' : percent(s.fillRate),
      hint: s.fillRate === null ? '还没有收完或关闭的采购单' : `${s.finishedOrders} 张已完成的采购单，到货 ÷ 订货`,
    },
    {
      key: 'lead',
      label: '提前期',
      value: s.leadTimeDays === null ? '—' : `${s.leadTimeDays.mean} ± ${s.leadTimeDays.sigma} 天`,
      hint: s.leadTimeDays === null ? '还没有按采购单收过货' : `${s.leadTimeDays.receipts} 次到货，审批到收货`,
    },
  ];
}

function viewOf(d: Detail) {
  const s = d.supplier;
  const open = new Set(d.openOrders.map((o) => o._id));
  return {
    supplier: s,
    payableFen: d.payableFen,
    openOrders: d.openOrders.map(orderOf),
    // the open ones are listed above
    recentOrders: d.recentOrders.filter((o) => !open.has(o._id)).map(orderOf),
    scores: scoresOf(d.scorecard),
    lastPrices: d.scorecard.lastPrices.map((p) => ({ productId: p.productId, productName: p.productName, price: formatMoney(roundFen(p.unitCost)), at: chinaTime(p.at).slice(0, 10) })),
  };
}

type View = ReturnType<typeof viewOf>;

Component({
  data: {
    id: '',
    loading: true,
    error: '',
    supplier: null as Party | null,
    payableFen: 0,
    openOrders: [] as View['openOrders'],
    recentOrders: [] as View['recentOrders'],
    scores: [] as View['scores'],
    lastPrices: [] as View['lastPrices'],
    archiving: false,
    archiveError: '',
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },
    onShow() {
      // back from editing, ordering or paying
      if (this.data.supplier) this.load();
    },
    onPullDownRefresh() {
      this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) {
        this.setData({ loading: false, error: '没有指定供应商' });
        return;
      }
      this.setData({ loading: !this.data.supplier, error: '' });
      try {
        const d = await purchasingService.supplier(this.data.id);
        this.setData({ loading: false, ...viewOf(d) });
        wx.setNavigationBarTitle({ title: d.supplier.name });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onCall() {
      const phone = this.data.supplier?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },
    onCopyWechat() {
      const wechatId = this.data.supplier?.wechatId;
      if (wechatId) wx.setClipboardData({ data: wechatId, success: () => wx.showToast({ title: '微信号已复制', icon: 'none' }) });
    },
    onStatement() {
      const s = this.data.supplier;
      if (s) wx.navigateTo({ url: `/packages/purchase/pages/supplier-statement/index?supplierId=${encodeURIComponent(s._id)}&name=${encodeURIComponent(s.name)}` });
    },
    onOrder(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/purchase/pages/order-detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
    onEdit() {
      wx.navigateTo({ url: `/packages/purchase/pages/supplier-edit/index?id=${encodeURIComponent(this.data.id)}` });
    },
    onNewOrder() {
      const s = this.data.supplier;
      if (s) wx.navigateTo({ url: `/packages/purchase/pages/order-edit/index?supplierId=${encodeURIComponent(s._id)}&name=${encodeURIComponent(s.name)}` });
    },
    /** 退货 without a receipt: at the cost of the latest delivery from this supplier (the page is for owner/manager, as suppliers.detail). */
    onReturn() {
      const s = this.data.supplier;
      if (s) wx.navigateTo({ url: `/packages/purchase/pages/supplier-return/index?supplierId=${encodeURIComponent(s._id)}&name=${encodeURIComponent(s.name)}` });
    },
    /** 停用 hides the supplier from lists and pickers (its history stays); 启用 brings it back. */
    async onArchive() {
      const s = this.data.supplier;
      if (!s || this.data.archiving) return;
      const archived = !s.archived;
      if (archived) {
        const r = await wx.showModal({ title: '停用供应商', content: `停用后「${s.name}」不再出现在供应商列表和下单选择里，历史单据和应付不变。确定停用吗？` });
        if (!r.confirm) return;
      }
      this.setData({ archiving: true, archiveError: '' });
      try {
        // Every field as it is: a field left out would be saved as its default.
        await purchasingService.saveSupplier({
          id: s._id,
          name: s.name,
          contact: s.contact,
          phone: s.phone,
          wechatId: s.wechatId ?? '',
          address: s.address,
          leadTimeDays: s.leadTimeDays ?? 3,
          paymentTerms: s.paymentTerms ?? '',
          note: s.note,
          archived,
        });
        this.setData({ archiving: false });
        wx.showToast({ title: archived ? '已停用' : '已启用', icon: 'success' });
        await this.load();
      } catch (e) {
        this.setData({ archiving: false, archiveError: errorMessage(e) });
      }
    },
  },
});
