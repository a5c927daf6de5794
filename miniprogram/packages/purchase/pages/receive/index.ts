// 入库: the same scanning flow for incoming goods, at their cost, with batch and expiry where tracked.
import { scanDocument } from '../../../../behaviors/scan-document';
import { ApiError, errorMessage } from '../../../../services/api';
import { shopService } from '../../../../services/shop';
import { stockService } from '../../../../services/stock';
import type { CartLine } from '../../../../utils/cart';

Component({
  behaviors: [scanDocument],
  data: {
    priceKind: 'purchase',
    supplierId: '',
    supplierName: '',
    suppliers: [] as { name: string; id: string }[],
    showSuppliers: false,
  },
  methods: {
    onLoad() {
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
    async submitDocument(lines: CartLine[], requestId: string): Promise<string> {
      const missing = lines.find((l) => l.batchTracked && !l.batchNo);
      if (missing) throw new ApiError({ code: 'E_VALIDATION', message: `「${missing.name}」按批次管理，请填写批号` });
      await stockService.receive({
        requestId,
        supplierId: this.data.supplierId || undefined,
        lines: lines.map((l) => ({
          productId: l.productId,
          qty: l.qty,
          unitCostFen: l.priceFen,
          batchNo: l.batchNo || undefined,
          expiryDate: l.expiryDate || undefined,
        })),
      });
      return '入库成功';
    },
  },
});
