// 新建 / 修改采购单 (owner and manager): a supplier, lines by scanning or searching products, each in
// the purchase unit or the base unit with a quantity, a price and an expected date; save as draft
// or submit. The first save creates the order (its request id is the order's identity), later
// saves update it.
import type { ProductView } from '../../../../../typings/api/products';
import type { PurchaseOrderView } from '../../../../../typings/api/purchasing';
import { orderLines, PricedLine, priceFor } from '../../../../behaviors/order-lines';
import { productPicker, purchaseUnitsOf } from '../../../../behaviors/product-picker';
import { errorMessage } from '../../../../services/api';
import { purchasingService, queryText, requestIdsOf } from '../../../../services/purchasing';
import { shopService } from '../../../../services/shop';
import { fenToYuan, yuanToFen } from '../../../../utils/money';

/** price '' = the product's reference purchase price */
interface EditLine extends PricedLine {
  expectedDate: string;
}

function lineOfProduct(p: ProductView): EditLine {
  const units = purchaseUnitsOf(p);
  const basePriceFen = p.purchasePriceFen ?? null;
  return { key: p._id, productId: p._id, productName: p.name, units, unit: units[0].name, qty: 1, price: priceFor(basePriceFen, units[0].factor), basePriceFen, expectedDate: '', lineError: '' };
}

function lineOfOrder(l: PurchaseOrderView['lines'][number]): EditLine {
  const units = l.factor > 1 ? [{ name: l.unit, factor: l.factor }, { name: l.baseUnit, factor: 1 }] : [{ name: l.unit, factor: 1 }];
  const basePriceFen = l.unitPriceFen === undefined ? null : l.unitPriceFen / l.factor;
  return { key: l.productId, productId: l.productId, productName: l.productName, units, unit: l.unit, qty: l.qty, price: l.unitPriceFen === undefined ? '' : fenToYuan(l.unitPriceFen), basePriceFen, expectedDate: l.expectedDate ?? '', lineError: '' };
}

Component({
  behaviors: [productPicker, orderLines],
  data: {
    id: '',
    no: '',
    loading: false,
    error: '',
    saving: '',
    supplierId: '',
    supplierName: '',
    suppliers: [] as { id: string; name: string }[],
    showSuppliers: false,
    note: '',
    lines: [] as EditLine[],
  },
  methods: {
    async onLoad(query: { id?: string; supplierId?: string; name?: string }) {
      // 下采购单 from a supplier's page: that supplier preselected
      if (query.supplierId && !query.id) this.setData({ supplierId: query.supplierId, supplierName: queryText(query.name) });
      const suppliers = shopService
        .suppliers()
        .then((r) => this.setData({ suppliers: r.items.map((s) => ({ id: s._id, name: s.name })) }))
        .catch((e) => this.setData({ error: errorMessage(e) }));
      if (!query.id) return suppliers;
      this.setData({ loading: true, id: query.id });
      wx.setNavigationBarTitle?.({ title: '修改采购单' });
      try {
        const { order } = await purchasingService.get(query.id);
        if (!order.actions.includes('edit')) {
          this.setData({ loading: false, error: `采购单${order.statusLabel}，不能修改` });
          return suppliers;
        }
        this.setData({ loading: false, no: order.no, supplierId: order.supplierId, supplierName: order.supplierName, note: order.note, lines: order.lines.map(lineOfOrder) });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
      return suppliers;
    },
    openSuppliers() {
      this.setData({ showSuppliers: true });
    },
    closeSuppliers() {
      this.setData({ showSuppliers: false });
    },
    onSupplier(e: WechatMiniprogram.CustomEvent<{ id: string; name: string }>) {
      this.setData({ supplierId: e.detail.id, supplierName: e.detail.name, showSuppliers: false, error: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent) {
      this.setData({ note: String(e.detail) });
    },

    // ---- lines: scan, search and pick (product-picker), edit (order-lines)
    newLine(p: ProductView): EditLine {
      return lineOfProduct(p);
    },
    onExpected(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`lines[${Number(e.currentTarget.dataset.index)}].expectedDate`]: e.detail.value });
    },

    // ---- save and submit
    /** The order as the contract wants it, or null after showing what is missing. */
    orderInput() {
      if (!this.data.supplierId) {
        this.setData({ error: '请选择供应商' });
        return null;
      }
      if (this.data.lines.length === 0) {
        this.setData({ error: '请扫码或搜索添加商品' });
        return null;
      }
      const bad = this.data.lines.findIndex((l) => l.price !== '' && yuanToFen(l.price) === null);
      if (bad >= 0) {
        this.setData({ [`lines[${bad}].lineError`]: '请输入正确的金额', error: `「${this.data.lines[bad].productName}」的价格不正确` });
        return null;
      }
      return {
        supplierId: this.data.supplierId,
        note: this.data.note,
        lines: this.data.lines.map((l) => ({
          productId: l.productId,
          unit: l.unit,
          qty: l.qty,
          unitPriceFen: l.price === '' ? undefined : (yuanToFen(l.price) as number),
          expectedDate: l.expectedDate || undefined,
        })),
      };
    },
    async save(): Promise<PurchaseOrderView | null> {
      const input = this.orderInput();
      if (!input) return null;
      const ids = requestIdsOf(this);
      const order = this.data.id
        ? await purchasingService.update({ id: this.data.id, ...input })
        : await ids.run('create', (requestId) => purchasingService.create({ requestId, ...input }));
      this.setData({ id: order._id, no: order.no });
      return order;
    },
    async onSaveDraft() {
      if (this.data.saving) return;
      this.setData({ saving: 'draft', error: '' });
      try {
        const order = await this.save();
        this.setData({ saving: '' });
        if (!order) return;
        wx.showToast({ title: '草稿已保存', icon: 'success' });
        wx.redirectTo({ url: `/packages/purchase/pages/order-detail/index?id=${encodeURIComponent(order._id)}` });
      } catch (e) {
        this.setData({ saving: '', error: errorMessage(e) });
      }
    },
    async onSubmit() {
      if (this.data.saving) return;
      this.setData({ saving: 'submit', error: '' });
      try {
        const order = await this.save();
        if (!order) {
          this.setData({ saving: '' });
          return;
        }
        const submitted = await requestIdsOf(this).run('submit', (requestId) => purchasingService.step('submit', order._id, requestId));
        this.setData({ saving: '' });
        wx.showToast({ title: submitted.status === 'submitted' ? '已提交，等店主审批' : '已提交', icon: 'success' });
        wx.redirectTo({ url: `/packages/purchase/pages/order-detail/index?id=${encodeURIComponent(order._id)}` });
      } catch (e) {
        this.setData({ saving: '', error: errorMessage(e) });
      }
    },
  },
});
