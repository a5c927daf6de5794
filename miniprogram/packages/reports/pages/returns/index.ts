// 退货: returned ÷ sold per product, refunds, damaged (reason 损坏).
import { pagedList } from '../../../../behaviors/paged-list';
import { reportsService } from '../../../../services/reports';
import { reportPeriod } from '../../behaviors/report-period';
import { returnsRowView } from '../../format';

Component({
  behaviors: [pagedList, reportPeriod],
  data: { exportKind: 'report-returns' as const, range: '', note: '' },
  methods: {
    onLoad() {
      (this as any).startReport('month');
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await reportsService.returns({ ...(this as any).query(), page, pageSize });
      return { rows: r.items.map(returnsRowView), hasMore: r.hasMore, extra: page === 1 ? { range: `${r.period.from} 至 ${r.period.to}`, note: `售出 ${r.totals.soldQty} · 退回 ${r.totals.returnedQty} · 退款 ¥${(r.totals.refundFen / 100).toFixed(2)} · 损坏 ${r.totals.damagedQty}` } : {} };
    },
  },
});
