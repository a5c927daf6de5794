// 库存: what each warehouse holds of each product, paged (by product name): quantity in
// the base unit, its value at moving-average cost (owners and managers only: the server leaves the
// cost out for clerks), and for batch-tracked goods each open batch with its expiry date and the days
// left (expired in red, within the shop's 临期提醒天数 in orange). With two or more active warehouses
// a picker narrows the list to one. A product gone from a warehouse is left out unless 显示已清零
// is on (then greyed). Read-only: a row opens the product; 临期批次 lists the batches about to expire.
import type { BalanceView } from '../../../../../typings/api/stock';
import { pagedList } from '../../../../behaviors/paged-list';
import { warehouseFilter, warehouseFilterOf, withShop } from '../../../../behaviors/warehouse-filter';
import { stockService } from '../../../../services/stock';
import { chinaToday, expiryStatus, ExpiryTone } from '../../../../utils/expiry';
import { formatMoney } from '../../../../utils/money';

interface BatchRow {
  batchNo: string;
  expiryDate: string;
  qtyText: string;
  label: string;
  tone: ExpiryTone;
}

interface Row {
  _id: string;
  productId: string;
  productName: string;
  warehouseName: string;
  qtyText: string;
  /** nothing left here (the balance stays after the last one went out) */
  empty: boolean;
  /** '' for clerks */
  valueText: string;
  batches: BatchRow[];
}

function shape(b: BalanceView, today: string, windowDays: number): Row {
  const batches = [...b.batches]
    .sort((x, y) => (x.expiryDate ?? '9999').localeCompare(y.expiryDate ?? '9999'))
    .map((x) => {
      const s = expiryStatus(x.expiryDate, today, windowDays);
      return { batchNo: x.batchNo, expiryDate: x.expiryDate ?? '', qtyText: `${x.qty} ${b.baseUnit}`, label: s.label, tone: s.tone };
    });
  return {
    _id: b._id,
    productId: b.productId,
    productName: b.productName,
    warehouseName: b.warehouseName,
    qtyText: `${b.qty} ${b.baseUnit}`,
    empty: b.qty === 0,
    valueText: b.valueFen === undefined ? '' : formatMoney(b.valueFen),
    batches,
  };
}

Component({
  behaviors: [pagedList, warehouseFilter],
  data: {
    items: [] as Row[],
    /** list balances at 0 too (greyed) */
    includeZero: false,
  },
  methods: {
    onLoad() {
      return this.reload();
    },
    async fetchPage(page: number, pageSize: number) {
      const r = await withShop(this, () => stockService.balances({ page, pageSize, includeZero: this.data.includeZero, ...warehouseFilterOf(this.data) }));
      const today = chinaToday();
      return { rows: r.items.map((b) => shape(b, today, this.data.expiryWindowDays)), hasMore: r.hasMore };
    },
    onIncludeZero(e: WechatMiniprogram.CustomEvent) {
      this.setData({ includeZero: Boolean(e.detail) });
      return this.reload();
    },
    onExpiring() {
      wx.navigateTo({ url: '/packages/stock/pages/expiring/index' });
    },
    onTapRow(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/catalog/pages/detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
  },
});
