// 库存: what each warehouse holds of each product, paged (most recently moved first): quantity in
// the base unit, its value at moving-average cost (owners and managers only: the server leaves the
// cost out for clerks), and for batch-tracked goods each open batch with its expiry date and the days
// left (expired in red, within the shop's 临期提醒天数 in orange). With two or more active warehouses
// a picker narrows the list to one. Read-only: a row opens the product.
import type { BalanceView } from '../../../../../typings/api/stock';
import type { Warehouse } from '../../../../../typings/models';
import { pagedList } from '../../../../behaviors/paged-list';
import { shopService } from '../../../../services/shop';
import { stockService } from '../../../../services/stock';
import { warehousesVersion } from '../../../../services/warehouses';
import { chinaToday, expiryStatus, ExpiryTone } from '../../../../utils/expiry';
import { formatMoney } from '../../../../utils/money';

const ALL = '全部仓库';

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
  behaviors: [pagedList],
  data: {
    items: [] as Row[],
    /** shops.mine read (again after a failure, or when 仓库 changed a warehouse) */
    shopLoaded: false,
    warehousesSeen: -1,
    expiryWindowDays: 0,
    /** the active warehouses; the picker shows when there are two or more */
    warehouses: [] as Pick<Warehouse, 'id' | 'name'>[],
    /** '全部仓库' first, then the warehouses */
    warehouseNames: [] as string[],
    warehouseIndex: 0,
    warehouseName: ALL,
    /** the filter sent as warehouseId ('' = all) */
    warehouseId: '',
  },
  methods: {
    onLoad() {
      return this.reload();
    },
    /** The shop's warehouses and expiry window, read with the first page (in parallel). */
    async loadShop() {
      const mine = await shopService.mine();
      const active = (mine.shop?.warehouses ?? []).filter((w) => !w.archived).map((w) => ({ id: w.id, name: w.name }));
      // a filter on a warehouse archived meanwhile falls back to all
      const index = active.findIndex((w) => w.id === this.data.warehouseId);
      this.setData({
        shopLoaded: true,
        warehousesSeen: warehousesVersion(),
        expiryWindowDays: mine.shop?.settings.expiryWindowDays ?? 0,
        warehouses: active,
        warehouseNames: [ALL, ...active.map((w) => w.name)],
        warehouseIndex: index + 1,
        warehouseName: index >= 0 ? active[index].name : ALL,
        warehouseId: index >= 0 ? active[index].id : '',
      });
    },
    async fetchPage(page: number, pageSize: number) {
      const balances = () => stockService.balances({ page, pageSize, ...(this.data.warehouseId ? { warehouseId: this.data.warehouseId } : {}) });
      if (this.data.shopLoaded && this.data.warehousesSeen === warehousesVersion()) return this.rowsOf(await balances());
      const asked = this.data.warehouseId;
      const [, r] = await Promise.all([this.loadShop(), balances()]);
      // the chosen warehouse was archived meanwhile: the filter fell back to all, ask again
      return this.rowsOf(this.data.warehouseId === asked ? r : await balances());
    },
    rowsOf(r: { items: BalanceView[]; hasMore: boolean }) {
      const today = chinaToday();
      return { rows: r.items.map((b) => shape(b, today, this.data.expiryWindowDays)), hasMore: r.hasMore };
    },
    onWarehouse(e: WechatMiniprogram.PickerChange) {
      const i = Number(e.detail.value);
      const w = i > 0 ? this.data.warehouses[i - 1] : undefined;
      if (i > 0 && !w) return;
      this.setData({ warehouseIndex: i, warehouseName: w?.name ?? ALL, warehouseId: w?.id ?? '' });
      return this.reload();
    },
    onTapRow(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/packages/catalog/pages/detail/index?id=${encodeURIComponent(e.currentTarget.dataset.id as string)}` });
    },
  },
});
