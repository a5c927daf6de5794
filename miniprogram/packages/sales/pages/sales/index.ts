// 开单记录: the quick sales made on 开单 — today, this week or all, search by product or customer;
// each row with the time, the customer (or 散客), the first product and how many more, the amount,
// how it was paid and what has come back (已退). A row opens the sale to return or exchange from it.
import type { ActionInput, ActionOutput } from '../../../../../typings/api';
import { keywordSearch, listFilters, pagedList } from '../../../../behaviors/paged-list';
import { chinaTime } from '../../../../services/purchasing';
import { payMethodLabel, quickSalesService } from '../../../../services/sales';
import { fenToYuan } from '../../../../utils/money';

type Period = ActionInput<'stock.sales'>['period'];
type Sale = ActionOutput<'stock.sales'>['items'][number];

const PERIODS: { key: Period; label: string }[] = [
  { key: 'today', label: '今天' },
  { key: 'week', label: '本周' },
  { key: 'all', label: '全部' },
];

function rowOf(s: Sale) {
  const owed = s.payment?.owedFen ?? 0;
  return {
    _id: s._id,
    at: chinaTime(s.createdAt),
    customerName: s.customerName || '散客',
    productsText: s.productCount > 1 ? `${s.firstProductName} 等 ${s.productCount} 种` : s.firstProductName,
    amountFen: s.amountFen,
    paymentText: s.payment ? (s.payment.method === 'credit' && owed > 0 ? `赊账 ¥${fenToYuan(owed)}` : payMethodLabel(s.payment.method)) : '',
    returnedQty: s.returnedQty,
    reversed: s.reversed,
    by: s.operatorName,
  };
}

Component({
  behaviors: [pagedList, keywordSearch, listFilters],
  data: {
    periods: PERIODS,
    period: 'today' as Period,
    keyword: '',
    items: [] as ReturnType<typeof rowOf>[],
  },
  methods: {
    onLoad(query: { period?: Period }) {
      if (query?.period && PERIODS.some((p) => p.key === query.period)) this.setData({ period: query.period });
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await quickSalesService.list({ period: this.data.period, keyword: this.data.keyword.trim(), page, pageSize });
      return { rows: r.items.map(rowOf), hasMore: r.hasMore };
    },
    onTapSale(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/sales/pages/sale-detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
  },
});
