// 销售单: tabs (全部 / 待发货 / 待付款 / 已完成), today or this week, search by number, customer,
// product or tracking number; each row with the customer, first product, total, paid or due, status,
// payment status and how much has shipped. 新建订单 opens the edit page.
import type { ActionInput, ActionOutput } from '../../../../../typings/api';
import { keywordSearch, listFilters, pagedList } from '../../../../behaviors/paged-list';
import { chinaTime } from '../../../../services/purchasing';
import { PAYMENT_STATUS_TAG, SALES_STATUS_TAG, salesService } from '../../../../services/sales';

type Row = ActionOutput<'sales.list'>['items'][number] & { tagType: string; payTagType: string; at: string; productsText: string };
type Tab = 'all' | 'open' | 'due' | 'completed';
type Period = ActionInput<'sales.list'>['period'];

const TABS: { key: Tab; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'open', label: '待发货' },
  { key: 'due', label: '待付款' },
  { key: 'completed', label: '已完成' },
];
const PERIODS: { key: Period; label: string }[] = [
  { key: 'all', label: '全部时间' },
  { key: 'today', label: '今天' },
  { key: 'week', label: '本周' },
];

/** What each tab asks the server: 待付款 is every order not paid in full (unpaid or in part). */
const QUERY: Record<Tab, Pick<ActionInput<'sales.list'>, 'status' | 'paymentStatus'>> = {
  all: { status: 'all', paymentStatus: 'all' },
  open: { status: 'open', paymentStatus: 'all' },
  due: { status: 'all', paymentStatus: 'due' },
  completed: { status: 'completed', paymentStatus: 'all' },
};

function rowOf(o: ActionOutput<'sales.list'>['items'][number]): Row {
  return {
    ...o,
    tagType: SALES_STATUS_TAG[o.status] ?? 'default',
    payTagType: PAYMENT_STATUS_TAG[o.paymentStatus] ?? 'default',
    at: chinaTime(o.createdAt),
    productsText: o.lineCount > 1 ? `${o.firstProductName} 等 ${o.lineCount} 种` : o.firstProductName,
  };
}

Component({
  behaviors: [pagedList, keywordSearch, listFilters],
  data: {
    tabs: TABS,
    periods: PERIODS,
    tab: 'all' as Tab,
    period: 'all' as Period,
    keyword: '',
    items: [] as Row[],
  },
  methods: {
    onLoad(query: { tab?: Tab }) {
      if (query?.tab && QUERY[query.tab]) this.setData({ tab: query.tab });
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await salesService.list({ ...QUERY[this.data.tab], period: this.data.period, keyword: this.data.keyword.trim(), page, pageSize });
      return { rows: r.items.map(rowOf), hasMore: r.hasMore };
    },
    onTapOrder(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/sales/pages/order-detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
    /** 开单记录: the quick sales (开单), to return or exchange from one */
    onQuickSales() {
      wx.navigateTo({ url: '/packages/sales/pages/sales/index' });
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/sales/pages/order-edit/index' });
    },
  },
});
