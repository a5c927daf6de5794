// 销售排行 and 毛利: by product, category, customer, clerk or day; sorted by amount, quantity or
// profit; a bar chart of the top rows (a line over days) and their shares.
import { pagedList } from '../../../../behaviors/paged-list';
import { reportsService } from '../../../../services/reports';
import { reportPeriod } from '../../behaviors/report-period';
import { salesPoints, salesRowView, salesSummary } from '../../format';

type By = 'product' | 'category' | 'customer' | 'clerk' | 'day';
type Sort = 'amount' | 'qty' | 'profit';
const BYS: { key: By; label: string }[] = [
  { key: 'product', label: '商品' },
  { key: 'category', label: '分类' },
  { key: 'customer', label: '客户' },
  { key: 'clerk', label: '店员' },
  { key: 'day', label: '按天' },
];
const SORTS: { key: Sort; label: string }[] = [
  { key: 'amount', label: '金额' },
  { key: 'qty', label: '数量' },
  { key: 'profit', label: '毛利' },
];

Component({
  behaviors: [pagedList, reportPeriod],
  data: { exportKind: 'report-sales' as const, bys: BYS, sorts: SORTS, by: 'product' as By, sort: 'amount' as Sort, summary: [] as { label: string; value: string }[], range: '', points: [] as { label: string; value: number }[], shares: [] as { label: string; value: number }[] },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const by = BYS.find((b) => b.key === query.by)?.key ?? 'product';
      const sort = SORTS.find((s) => s.key === query.sort)?.key ?? 'amount';
      this.setData({ by, sort });
      if (sort === 'profit') wx.setNavigationBarTitle?.({ title: '毛利' });
      (this as any).startReport('month');
    },
    onBy(e: WechatMiniprogram.TouchEvent) {
      this.setData({ by: e.currentTarget.dataset.key as By });
      (this as any).reload();
    },
    onSort(e: WechatMiniprogram.TouchEvent) {
      this.setData({ sort: e.currentTarget.dataset.key as Sort });
      (this as any).reload();
    },
    exportQuery() {
      return { by: this.data.by, sort: this.data.sort };
    },
    async fetchPage(page: number, pageSize: number) {
      const { by, sort } = this.data;
      const r = await reportsService.sales({ ...(this as any).query(), by, sort, page, pageSize: by === 'day' ? 100 : pageSize });
      const extra =
        page === 1
          ? { summary: salesSummary(r.totals), range: `${r.period.from} 至 ${r.period.to}`, points: salesPoints(r.items, by, sort), shares: by === 'day' ? [] : r.items.map((x) => ({ label: x.label, value: x.amountFen })) }
          : {};
      return { rows: r.items.map((x, i) => salesRowView(x, by === 'day' ? null : (page - 1) * pageSize + i + 1)), hasMore: r.hasMore, extra };
    },
  },
});
