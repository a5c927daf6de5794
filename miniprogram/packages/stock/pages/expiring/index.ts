// 临期批次: the batches on hand that expire within the chosen range (30 days at first), soonest
// first, the expired ones on top unless 含已过期 is off; each with its product, batch, warehouse,
// expiry date and days left (expired in red, within the shop's 临期提醒天数 in orange), quantity in
// the base unit and, for owners and managers, its value at moving-average cost (the server leaves
// money out for clerks). A warehouse picker with two or more warehouses. A row opens the product,
// where the batch can be sold first, returned or written off.
import type { ExpiringBatchView } from '../../../../../typings/api/stock';
import { pagedList } from '../../../../behaviors/paged-list';
import { warehouseFilter, warehouseFilterOf, withShop } from '../../../../behaviors/warehouse-filter';
import { stockService } from '../../../../services/stock';
import { expiryStatus, ExpiryTone } from '../../../../utils/expiry';
import { formatMoney } from '../../../../utils/money';

/** The ranges offered, in days from today. */
const RANGES = [7, 15, 30, 60, 90];

interface Row {
  key: string;
  productId: string;
  productName: string;
  batchNo: string;
  warehouseName: string;
  expiryDate: string;
  label: string;
  tone: ExpiryTone;
  qtyText: string;
  /** '' for clerks */
  valueText: string;
}

function shape(b: ExpiringBatchView, today: string, windowDays: number): Row {
  const s = expiryStatus(b.expiryDate, today, windowDays);
  return {
    key: `${b.balanceId}#${b.batchNo}`,
    productId: b.productId,
    productName: b.productName,
    batchNo: b.batchNo,
    warehouseName: b.warehouseName,
    expiryDate: b.expiryDate,
    label: s.label,
    tone: s.tone,
    qtyText: `${b.qty} ${b.baseUnit}`,
    valueText: b.valueFen === undefined ? '' : formatMoney(b.valueFen),
  };
}

Component({
  behaviors: [pagedList, warehouseFilter],
  data: {
    items: [] as Row[],
    rangeNames: RANGES.map((d) => `${d} 天内`),
    rangeIndex: RANGES.indexOf(30),
    withinDays: 30,
    includeExpired: true,
    /** of every batch in range, not only the loaded ones: '' before the first answer */
    summary: '',
  },
  methods: {
    onLoad() {
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await withShop(this, () =>
        stockService.expiring({ page, pageSize, withinDays: this.data.withinDays, includeExpired: this.data.includeExpired, ...warehouseFilterOf(this.data) }),
      );
      const value = r.totalValueFen === undefined ? '' : ` · 货值 ${formatMoney(r.totalValueFen)}`;
      return {
        rows: r.items.map((b) => shape(b, r.today, this.data.expiryWindowDays)),
        hasMore: r.hasMore,
        extra: { summary: r.total ? `共 ${r.total} 个批次${value}` : '' },
      };
    },
    onRange(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value);
      if (!RANGES[i]) return Promise.resolve();
      this.setData({ rangeIndex: i, withinDays: RANGES[i] });
      return this.reload();
    },
    onIncludeExpired(e: WechatMiniprogram.CustomEvent) {
      this.setData({ includeExpired: Boolean(e.detail) });
      return this.reload();
    },
    onTapRow(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/catalog/pages/detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
  },
});
