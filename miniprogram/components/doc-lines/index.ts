// The lines of a document being scanned: quantity stepper, price, batch fields, stock hint.
// Emits `qty`, `price` and `batch` with the product id; the page owns the lines.
import { yuanToFen } from '../../utils/money';

Component({
  options: { addGlobalClass: true },
  properties: {
    lines: { type: Array, value: [] },
    priceLabel: { type: String, value: '单价' },
    showBatch: { type: Boolean, value: false },
    showStock: { type: Boolean, value: true },
  },
  methods: {
    onQty(e: WechatMiniprogram.CustomEvent) {
      const productId = e.currentTarget.dataset.id as string;
      this.triggerEvent('qty', { productId, qty: Number(e.detail) });
    },
    onPrice(e: WechatMiniprogram.CustomEvent) {
      const productId = e.currentTarget.dataset.id as string;
      const fen = yuanToFen(String(e.detail));
      if (fen !== null) this.triggerEvent('price', { productId, priceFen: fen });
    },
    onBatchNo(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('batch', { productId: e.currentTarget.dataset.id as string, batchNo: String(e.detail).trim() });
    },
    onExpiry(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('batch', { productId: e.currentTarget.dataset.id as string, expiryDate: String(e.detail).trim() });
    },
  },
});
