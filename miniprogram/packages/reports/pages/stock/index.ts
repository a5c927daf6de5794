// 进销存汇总: per product opening, in and out by type, closing — quantity and value at cost.
import { pagedList } from '../../../../behaviors/paged-list';
import { reportsService } from '../../../../services/reports';
import { reportPeriod } from '../../behaviors/report-period';
import { stockRowView, stockSummary } from '../../format';

Component({
  behaviors: [pagedList, reportPeriod],
  data: { exportKind: 'report-stock' as const, summary: [] as { label: string; value: string }[], range: '', points: [] as { label: string; value: number }[] },
  methods: {
    onLoad() {
      (this as any).startReport('month');
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await reportsService.stock({ ...(this as any).query(), page, pageSize });
      const extra = page === 1 ? { summary: stockSummary(r.totals), range: `${r.period.from} 至 ${r.period.to}`, points: Object.entries(r.totals.out).map(([b, x]) => ({ label: r.labels[b as keyof typeof r.labels], value: x!.valueFen / 100 })) } : {};
      return { rows: r.items.map((x) => stockRowView(x, r.labels)), hasMore: r.hasMore, extra };
    },
  },
});
