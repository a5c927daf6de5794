// The lines of a document being scanned: quantity stepper, price, batch and expiry, stock hint,
// remove. Emits `qty`, `price` (the text as typed), `priceDone` (field left), `batch`, `remove`
// and `split` (another batch of the line's product) with the line's key; the page owns the lines.

const keyOf = (e: WechatMiniprogram.CustomEvent | WechatMiniprogram.TouchEvent) => e.currentTarget.dataset.key as string;

Component({
  options: { addGlobalClass: true },
  properties: {
    lines: { type: Array, value: [] },
    priceLabel: { type: String, value: '单价' },
    /** false for a clerk's receipt: it is costed at the product's reference price */
    showPrice: { type: Boolean, value: true },
    /** what shows instead of the price when it is hidden */
    priceNote: { type: String, value: '按参考进价入库' },
    showBatch: { type: Boolean, value: false },
    showStock: { type: Boolean, value: true },
  },
  methods: {
    onQty(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('qty', { key: keyOf(e), qty: Number(e.detail) });
    },
    onPrice(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('price', { key: keyOf(e), text: String(e.detail ?? '') });
    },
    onPriceDone(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('priceDone', { key: keyOf(e) });
    },
    onBatchNo(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('batch', { key: keyOf(e), batchNo: String(e.detail).trim() });
    },
    onExpiry(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.triggerEvent('batch', { key: keyOf(e), expiryDate: e.detail.value });
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      this.triggerEvent('remove', { key: keyOf(e) });
    },
    onSplit(e: WechatMiniprogram.CustomEvent) {
      this.triggerEvent('split', { key: keyOf(e) });
    },
  },
});
