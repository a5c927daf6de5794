// 周转: cost of sales ÷ average stock value, and days of cover at the period's pace.
import { pagedList } from '../../../../behaviors/paged-list';
import { reportsService } from '../../../../services/reports';
import { reportPeriod } from '../../behaviors/report-period';
import { turnoverRowView } from '../../format';

Component({
  behaviors: [pagedList, reportPeriod],
  data: { exportKind: 'report-turnover' as const, range: '', note: '' },
  methods: {
    onLoad() {
      (this as any).startReport('month');
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await reportsService.turnover({ ...(this as any).query(), page, pageSize });
      return { rows: r.items.map(turnoverRowView), hasMore: r.hasMore, extra: page === 1 ? { range: `${r.period.from} 至 ${r.period.to}`, note: '周转次数 = 销售成本 ÷ 平均库存金额；可卖天数 = 期末库存 ÷ 期间日均销量' } : {} };
    },
  },
});
