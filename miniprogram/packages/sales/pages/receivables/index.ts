// 客户欠款 (owner and manager): who owes what, largest first, with the total; a row opens the
// customer (收款 and 对账单 are there).
import { pagedList } from '../../../../behaviors/paged-list';
import { customersService, sinceText } from '../../../../services/customers';
import { formatMoney } from '../../../../utils/money';

interface Row {
  _id: string;
  name: string;
  receivableFen: number;
  meta: string;
  overLimit: boolean;
}

Component({
  behaviors: [pagedList],
  data: {
    items: [] as Row[],
    totalFen: 0,
    customers: 0,
  },
  methods: {
    onLoad() {
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await customersService.receivables(page, pageSize);
      const rows: Row[] = r.items.map((c) => ({
        _id: c._id,
        name: c.name,
        receivableFen: c.receivableFen,
        meta: [c.phone, `最近购买 ${sinceText(c.lastPurchaseAt)}`, c.creditLimitFen === null ? '' : `额度 ${formatMoney(c.creditLimitFen)}`].filter(Boolean).join(' · '),
        overLimit: c.creditLimitFen !== null && c.receivableFen > c.creditLimitFen,
      }));
      return { rows, hasMore: r.hasMore, extra: { totalFen: r.totalFen, customers: r.customers } };
    },
    onTapCustomer(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/sales/pages/customer-detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
  },
});
