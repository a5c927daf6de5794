// 退货给供应商 without a receipt (owner and manager): products by scanning or searching, each in its
// purchase or base unit, a batch number for batch-tracked ones (that batch's cost) or none. The
// server costs each line at the latest receipt from this supplier and refuses more than the
// supplier delivered ("最多还能退"); its message is shown here. With two or more active warehouses
// the return says which one the goods leave (services/warehouses.ts: remembered per shop for
// returns, the default one at first), as 开单 and 入库 do.
import type { ProductView } from '../../../../../typings/api/products';
import { PickedLine, productPicker, purchaseUnitsOf } from '../../../../behaviors/product-picker';
import { errorMessage } from '../../../../services/api';
import { purchasingService, queryText, requestIdsOf } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';
import { chooseWarehouse, warehouseChoice } from '../../../../services/warehouses';

/** The kind of document whose warehouse choice is remembered (services/warehouses.ts). */
const KIND = 'supplier_return';

interface ReturnLine extends PickedLine {
  batchTracked: boolean;
  batchNo: string;
}

function lineOf(p: ProductView): ReturnLine {
  const units = purchaseUnitsOf(p);
  return { key: p._id, productId: p._id, productName: p.name, units, unit: units[0].name, qty: 1, batchTracked: p.batchTracked, batchNo: '' };
}

Component({
  behaviors: [productPicker],
  data: {
    supplierId: '',
    supplierName: '',
    note: '',
    lines: [] as ReturnLine[],
    submitting: false,
    submitError: '',
    shopId: '',
    // nothing to choose until the shop is read
    ...warehouseChoice(null, KIND),
  },
  methods: {
    onLoad(query: { supplierId?: string; name?: string }) {
      const supplierName = queryText(query.name);
      this.setData({ supplierId: query.supplierId ?? '', supplierName, error: query.supplierId ? '' : '没有指定供应商' });
      if (supplierName) wx.setNavigationBarTitle({ title: `退货给${supplierName}` });
      return this.loadWarehouses();
    },
    /** The warehouse choice (none with one warehouse: the server's default); the submit answers a failure. */
    loadWarehouses() {
      return shopService
        .mine()
        .then((mine) => this.setData({ shopId: mine.shop?._id ?? '', ...warehouseChoice(mine.shop, KIND) }))
        .catch(() => undefined);
    },
    onWarehouse(e: WechatMiniprogram.PickerChange) {
      const next = chooseWarehouse(this.data.shopId, KIND, this.data, Number(e.detail.value));
      if (next) this.setData({ ...next, submitError: '' });
    },
    /** A product already on the return gets one more of its unit (another batch: edit the line). */
    addProduct(p: ProductView) {
      const i = this.data.lines.findIndex((l) => l.productId === p._id);
      if (i >= 0) this.setData({ [`lines[${i}].qty`]: this.data.lines[i].qty + 1, error: '', submitError: '' });
      else this.setData({ [`lines[${this.data.lines.length}]`]: lineOf(p), error: '', submitError: '' });
      wx.vibrateShort({ type: 'light' });
    },
    onUnit(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const unit = this.data.lines[i].units.find((u) => u.name === e.currentTarget.dataset.unit);
      if (unit) this.setData({ [`lines[${i}].unit`]: unit.name, submitError: '' });
    },
    onQty(e: WechatMiniprogram.CustomEvent) {
      this.setData({ [`lines[${Number(e.currentTarget.dataset.index)}].qty`]: Math.max(1, Math.floor(Number(e.detail) || 1)), submitError: '' });
    },
    onBatch(e: WechatMiniprogram.CustomEvent) {
      this.setData({ [`lines[${Number(e.currentTarget.dataset.index)}].batchNo`]: String(e.detail).trim(), submitError: '' });
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      this.setData({ lines: this.data.lines.filter((_, j) => j !== i), submitError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent) {
      this.setData({ note: String(e.detail) });
    },
    async onSubmit() {
      if (this.data.submitting || !this.data.supplierId) return;
      const lines = this.data.lines;
      if (lines.length === 0) {
        this.setData({ submitError: '请扫码或搜索添加要退的商品' });
        return;
      }
      // Held from the first tap: a second tap while the confirmation is open sends nothing.
      this.setData({ submitting: true, submitError: '' });
      const from = this.data.warehouseId ? `从「${this.data.warehouseName}」` : '';
      const answer = await wx.showModal({ title: '确认退货', content: `${from}退回「${this.data.supplierName}」${lines.length} 种商品，按最近一次从它进货的成本冲减应付，库存会相应减少` });
      if (!answer.confirm) {
        this.setData({ submitting: false });
        return;
      }
      try {
        await requestIdsOf(this).run('return', (requestId) =>
          purchasingService.returnGoods({
            requestId,
            supplierId: this.data.supplierId,
            ...(this.data.warehouseId ? { warehouseId: this.data.warehouseId } : {}),
            note: this.data.note,
            lines: lines.map((l) => ({ productId: l.productId, qty: l.qty, unit: l.unit, batchNo: l.batchTracked && l.batchNo ? l.batchNo : undefined })),
          }),
        );
        this.setData({ submitting: false });
        wx.showToast({ title: '退货成功', icon: 'success' });
        wx.navigateBack({ delta: 1 });
      } catch (e) {
        this.setData({ submitting: false, submitError: errorMessage(e) });
      }
    },
  },
});
