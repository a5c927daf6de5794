// 采购退货 from one receipt of an order: each line (with its batch) up to what came in, back to the
// supplier at the cost it came in at. The server keeps the limit across returns ("最多还能退").
import { ApiError, errorMessage } from '../../../../services/api';
import { purchasingService, requestIdsOf } from '../../../../services/purchasing';

interface ReturnLine {
  key: string;
  productId: string;
  productName: string;
  batchNo: string;
  baseUnit: string;
  received: number;
  qty: number;
}

Component({
  data: {
    orderId: '',
    receiptId: '',
    no: '',
    supplierName: '',
    receivedAt: '',
    loading: true,
    error: '',
    submitError: '',
    submitting: false,
    note: '',
    lines: [] as ReturnLine[],
    chosen: 0,
  },
  methods: {
    onLoad(query: { orderId?: string; receiptId?: string }) {
      this.setData({ orderId: query.orderId ?? '', receiptId: query.receiptId ?? '' });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        const { order, receipts } = await purchasingService.get(this.data.orderId);
        const receipt = receipts.find((r) => r._id === this.data.receiptId);
        if (!receipt) throw new ApiError({ code: 'E_NOT_FOUND', message: '没有找到这次收货' });
        const lines = receipt.lines
          .filter((l) => l.qty > 0)
          .map((l, i) => ({ key: `${i}`, productId: l.productId, productName: l.productName, batchNo: l.batchNo ?? '', baseUnit: l.baseUnit, received: l.qty, qty: 0 }));
        this.setData({ loading: false, no: order.no, supplierName: order.supplierName, receivedAt: receipt.createdAt.slice(0, 10), lines, chosen: 0 });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    onQty(e: WechatMiniprogram.CustomEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const qty = Math.max(0, Math.floor(Number(e.detail) || 0));
      const chosen = this.data.lines.filter((l, i) => (i === index ? qty : l.qty) > 0).length;
      this.setData({ [`lines[${index}].qty`]: qty, chosen, submitError: '' });
    },
    onNote(e: WechatMiniprogram.CustomEvent) {
      this.setData({ note: String(e.detail) });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const lines = this.data.lines.filter((l) => l.qty > 0);
      if (lines.length === 0) {
        this.setData({ submitError: '请填写退货数量' });
        return;
      }
      const answer = await wx.showModal({ title: '确认退货', content: `退回「${this.data.supplierName}」${lines.length} 种商品，库存会相应减少` });
      if (!answer.confirm) return;
      this.setData({ submitting: true, submitError: '' });
      try {
        await requestIdsOf(this).run('return', (requestId) =>
          purchasingService.returnGoods({
            requestId,
            receiptId: this.data.receiptId,
            note: this.data.note,
            lines: lines.map((l) => ({ productId: l.productId, qty: l.qty, unit: l.baseUnit, batchNo: l.batchNo || undefined })),
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
