// 采购: per supplier net purchases, price change per product, on-time rate; a line of purchases by month.
import { pagedList } from '../../../../behaviors/paged-list';
import { reportsService } from '../../../../services/reports';
import { reportPeriod } from '../../behaviors/report-period';
import { monthPoints, purchaseRowView } from '../../format';

Component({
  behaviors: [pagedList, reportPeriod],
  data: { exportKind: 'report-purchases' as const, range: '', note: '', points: [] as { label: string; value: number }[] },
  methods: {
    onLoad() {
      (this as any).startReport('year');
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await reportsService.purchases({ ...(this as any).query(), page, pageSize });
      return { rows: r.items.map(purchaseRowView), hasMore: r.hasMore, extra: page === 1 ? { range: `${r.period.from} 至 ${r.period.to}`, note: `净进货 ¥${(r.totals.netFen / 100).toFixed(2)}（进货 ¥${(r.totals.receivedFen / 100).toFixed(2)}，退货 ¥${(r.totals.returnedFen / 100).toFixed(2)}）`, points: monthPoints(r.byMonth) } : {} };
    },
  },
});
