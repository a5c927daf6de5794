// 滞销与库龄: products in stock, longest unsold first, with the value tied up.
import { pagedList } from '../../../../behaviors/paged-list';
import { reportsService } from '../../../../services/reports';
import { reportPeriod } from '../../behaviors/report-period';
import { slowRowView } from '../../format';

Component({
  behaviors: [pagedList, reportPeriod],
  data: { exportKind: 'report-slow' as const, range: '', note: '' },
  methods: {
    onLoad() {
      (this as any).startReport('year');
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await reportsService.slow({ ...(this as any).query(), page, pageSize });
      return { rows: r.items.map(slowRowView), hasMore: r.hasMore, extra: page === 1 ? { range: `${r.period.from} 至 ${r.period.to}`, note: `库存占用 ¥${(r.totals.valueFen / 100).toFixed(2)}` } : {} };
    },
  },
});
