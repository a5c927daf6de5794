// 入库: the same scanning flow for incoming goods, at their cost (a clerk's receipt is costed at
// the reference purchase price), with batch and expiry where tracked; two batches of one product
// are two lines. An expired batch is received only after the user confirms (the server asks).
import { scanDocument, SubmitOptions } from '../../../../behaviors/scan-document';
import { errorMessage } from '../../../../services/api';
import { productsService } from '../../../../services/products';
import { shopService } from '../../../../services/shop';
import { stockService } from '../../../../services/stock';
import type { CartLine } from '../../../../utils/cart';

Component({
  behaviors: [scanDocument],
  data: {
    priceKind: 'purchase',
    stockMatters: false,
    supplierId: '',
    supplierName: '',
    suppliers: [] as { name: string; id: string }[],
    showSuppliers: false,
  },
  methods: {
    /** ?productId=: opened from a product's page, which starts the receipt with its line. */
    onLoad(query: Record<string, string | undefined> = {}) {
      if (query.productId) {
        productsService
          .get(query.productId)
          .then((d) => this.addProduct(d.product))
          .catch((e) => this.setData({ error: errorMessage(e) }));
      }
      shopService
        .suppliers()
        .then((r) => this.setData({ suppliers: r.items.map((s) => ({ name: s.name, id: s._id })) }))
        .catch((e) => this.setData({ error: errorMessage(e) }));
    },
    openSuppliers() {
      this.setData({ showSuppliers: true });
    },
    closeSuppliers() {
      this.setData({ showSuppliers: false });
    },
    onSupplier(e: WechatMiniprogram.CustomEvent<{ name: string; id: string }>) {
      this.setData({ supplierId: e.detail.id, supplierName: e.detail.name, showSuppliers: false });
    },
    checkDocument(lines: CartLine[]): string {
      const noBatch = lines.find((l) => l.batchTracked && (!l.batchNo || !l.expiryDate));
      if (noBatch) return `「${noBatch.name}」按批次管理，请填写批号和到期日`;
      return '';
    },
    async submitDocument(lines: CartLine[], requestId: string, options: SubmitOptions): Promise<string> {
      const costed = this.data.role !== 'clerk';
      await stockService.receive({
        requestId,
        warehouseId: this.data.warehouseId || undefined,
        supplierId: this.data.supplierId || undefined,
        ...(options.confirmed ? { confirmExpired: true } : {}),
        lines: lines.map((l) => ({
          productId: l.productId,
          qty: l.qty,
          ...(costed ? { unitCostFen: l.priceFen } : {}),
          batchNo: l.batchNo || undefined,
          expiryDate: l.expiryDate || undefined,
        })),
      });
      return '入库成功';
    },
  },
});
