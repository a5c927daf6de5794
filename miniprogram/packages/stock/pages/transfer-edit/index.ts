// 新建调拨: choose the source (the scan-document warehouse, remembered for transfers) and the
// destination, scan the goods (stock shown is the source's), one step or two, then one tap: the
// server creates the transfer and moves the goods (调拨) or ships them (发货) in one transaction,
// and the page opens the transfer.
import { scanDocument } from '../../../../behaviors/scan-document';
import { transfersService } from '../../../../services/transfers';
import { chooseWarehouse, WarehouseChoice, warehouseChoice } from '../../../../services/warehouses';
import { shopService } from '../../../../services/shop';
import { errorMessage } from '../../../../services/api';
import type { CartLine } from '../../../../utils/cart';

const TO_KIND = 'transfer-to';

Component({
  behaviors: [scanDocument],
  data: {
    priceKind: 'sale',
    stockMatters: true,
    warehouseKind: 'transfer-from',
    twoStep: false,
    /** the destination: the active warehouses other than the source */
    toChoices: [] as { id: string; name: string }[],
    toNames: [] as string[],
    toIndex: -1,
    toWarehouseId: '',
    toWarehouseName: '',
    /** the shop's active warehouses (a transfer needs two) */
    activeCount: -1,
    /** the destination of the last transfer made on this phone */
    rememberedTo: '',
  },
  observers: {
    warehouseId() {
      (this as unknown as { pickTo(): void }).pickTo();
    },
  },
  methods: {
    onLoad() {
      shopService
        .mine()
        .then((m) => {
          const rememberedTo = warehouseChoice(m.shop, TO_KIND).warehouseId;
          this.setData({ activeCount: (m.shop?.warehouses ?? []).filter((w) => !w.archived).length, rememberedTo });
          this.pickTo(rememberedTo);
        })
        .catch((e) => this.setData({ error: errorMessage(e) }));
    },
    /** The destination: the one remembered (unless it is now the source), else the first other one. */
    pickTo(chosenId?: string) {
      const from = this.data.warehouseId;
      const others = (this.data.warehouses as { id: string; name: string }[]).filter((w) => w.id !== from);
      const to = others.find((w) => w.id === (chosenId ?? this.data.toWarehouseId)) ?? others.find((w) => w.id === this.data.rememberedTo) ?? others[0];
      this.setData({ toChoices: others, toNames: others.map((w) => w.name), toIndex: to ? others.indexOf(to) : -1, toWarehouseId: to?.id ?? '', toWarehouseName: to?.name ?? '' });
    },
    onToWarehouse(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const choice: WarehouseChoice = { warehouses: this.data.toChoices, warehouseNames: this.data.toNames, warehouseId: this.data.toWarehouseId, warehouseName: this.data.toWarehouseName, warehouseIndex: this.data.toIndex };
      const next = chooseWarehouse(this.data.shopId, TO_KIND, choice, Number(e.detail.value)); // remembered for the next transfer
      if (next) this.pickTo(next.warehouseId);
    },
    onTwoStep(e: WechatMiniprogram.CustomEvent) {
      this.setData({ twoStep: Boolean(e.detail) });
    },
    onWarehouses() {
      wx.navigateTo({ url: '/packages/stock/pages/warehouses/index' });
    },
    checkDocument(): string {
      if (!this.data.warehouseId || !this.data.toWarehouseId) return '调拨需要两个在用的仓库';
      return '';
    },
    async submitDocument(lines: CartLine[], requestId: string): Promise<string> {
      const twoStep = this.data.twoStep;
      const t = await transfersService.create({
        requestId,
        fromWarehouseId: this.data.warehouseId,
        toWarehouseId: this.data.toWarehouseId,
        mode: twoStep ? 'two_step' : 'one_step',
        post: true,
        lines: lines.map((l) => ({ productId: l.productId, qty: l.qty })),
      });
      wx.redirectTo({ url: `/packages/stock/pages/transfer-detail/index?id=${encodeURIComponent(t._id)}` });
      return twoStep ? '已发货' : '调拨完成';
    },
  },
});
