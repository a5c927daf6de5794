// 采购收货: the order's open lines, each with a stepper preset to what is still to come; a scan adds
// one to its line; batch-tracked products need a batch number and an expiry date. One receipt per
// tap; an expired batch is confirmed and resent with the same request id.
import type { PurchaseOrderView } from '../../../../../typings/api/purchasing';
import { ApiError, errorMessage } from '../../../../services/api';
import { purchasingService, requestIdsOf } from '../../../../services/purchasing';
import { scanCode } from '../../../../services/scan';

interface ReceiveLine {
  lineId: string;
  productId: string;
  productName: string;
  /** the unit of qty: the order's unit when what is open is whole units of it, else the base unit */
  unit: string;
  /** base units per `unit` */
  factor: number;
  baseUnit: string;
  qty: number;
  openText: string;
  batchTracked: boolean;
  batchNo: string;
  expiryDate: string;
}

const KEY = 'receive';
/** barcode → product of each page instance's order (not view data: a scan never re-renders it) */
const barcodesOf = new WeakMap<object, Map<string, string>>();

function openLines(order: PurchaseOrderView, batchTracked: Map<string, boolean>): ReceiveLine[] {
  return order.lines
    .filter((l) => l.baseQty > l.receivedBaseQty)
    .map((l) => {
      const open = l.baseQty - l.receivedBaseQty;
      const whole = l.factor > 1 && open % l.factor === 0;
      const unit = whole ? l.unit : l.baseUnit;
      const qty = whole ? open / l.factor : open;
      return { lineId: l.lineId, productId: l.productId, productName: l.productName, unit, factor: whole ? l.factor : 1, baseUnit: l.baseUnit, qty, openText: `${qty}${unit}`, batchTracked: batchTracked.get(l.productId) ?? false, batchNo: '', expiryDate: '' };
    });
}

Component({
  data: {
    id: '',
    no: '',
    supplierName: '',
    loading: true,
    error: '',
    /** a refusal or problem of the receipt (over-receipt, missing batch...), shown above the bar */
    submitError: '',
    submitting: false,
    done: false,
    lines: [] as ReceiveLine[],
    /** lines with something to receive */
    chosen: 0,
  },
  methods: {
    onLoad(query: { id?: string }) {
      this.setData({ id: query.id ?? '' });
      return this.load();
    },
    async load() {
      this.setData({ loading: true, error: '' });
      try {
        // The order's lines carry what receiving needs of each product (batch tracking, barcodes).
        const { order } = await purchasingService.get(this.data.id);
        barcodesOf.set(this, new Map(order.lines.flatMap((l) => (l.barcodes ?? []).map((b) => [b, l.productId] as [string, string]))));
        const tracked = new Map(order.lines.map((l) => [l.productId, Boolean(l.batchTracked)]));
        const lines = openLines(order, tracked);
        this.setData({ loading: false, no: order.no, supplierName: order.supplierName, lines, chosen: lines.filter((l) => l.qty > 0).length, done: lines.length === 0 });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },
    setQty(index: number, qty: number) {
      const lines = this.data.lines;
      const chosen = lines.filter((l, i) => (i === index ? qty : l.qty) > 0).length;
      this.setData({ [`lines[${index}].qty`]: qty, chosen, submitError: '' });
    },
    onQty(e: WechatMiniprogram.CustomEvent) {
      const qty = Math.max(0, Math.floor(Number(e.detail) || 0));
      this.setQty(Number(e.currentTarget.dataset.index), qty);
    },
    onBatchNo(e: WechatMiniprogram.CustomEvent) {
      this.setData({ [`lines[${Number(e.currentTarget.dataset.index)}].batchNo`]: String(e.detail).trim(), submitError: '' });
    },
    onExpiry(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`lines[${Number(e.currentTarget.dataset.index)}].expiryDate`]: e.detail.value, submitError: '' });
    },
    async onScan() {
      const code = await scanCode();
      if (code) this.addCode(code);
    },
    /** A scanned barcode (the product's, i.e. one base unit) adds one base unit to its line. */
    addCode(code: string) {
      const productId = barcodesOf.get(this)?.get(code);
      const index = productId ? this.data.lines.findIndex((l) => l.productId === productId) : -1;
      if (index < 0) {
        this.setData({ submitError: `条码 ${code} 不在这张采购单的待收商品里` });
        return;
      }
      const { qty, factor, baseUnit } = this.data.lines[index];
      // counted in cases so far: count in base units from now on (2箱 + 1 → 49瓶)
      if (factor > 1) this.setData({ [`lines[${index}].unit`]: baseUnit, [`lines[${index}].factor`]: 1 });
      this.setQty(index, qty * factor + 1);
      wx.vibrateShort({ type: 'light' });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const lines = this.data.lines.filter((l) => l.qty > 0);
      if (lines.length === 0) {
        this.setData({ submitError: '请填写收货数量' });
        return;
      }
      const missing = lines.find((l) => l.batchTracked && (!l.batchNo || !l.expiryDate));
      if (missing) {
        this.setData({ submitError: `「${missing.productName}」按批次管理，请填写批号和到期日` });
        return;
      }
      this.setData({ submitting: true, submitError: '' });
      await this.send(lines, false);
    },
    async send(lines: ReceiveLine[], confirmExpired: boolean): Promise<void> {
      const ids = requestIdsOf(this);
      try {
        const r = await purchasingService.receive({
          requestId: ids.of(KEY),
          orderId: this.data.id,
          confirmExpired,
          lines: lines.map((l) => ({ lineId: l.lineId, qty: l.qty, unit: l.unit, batchNo: l.batchNo || undefined, expiryDate: l.expiryDate || undefined })),
        });
        ids.settle(KEY);
        const left = openLines(r.order, new Map(this.data.lines.map((l) => [l.productId, l.batchTracked])));
        this.setData({ submitting: false, lines: left, chosen: left.filter((l) => l.qty > 0).length, done: left.length === 0 });
        wx.showToast({ title: `收货成功：${r.order.statusLabel}`, icon: 'success' });
        wx.navigateBack({ delta: 1 });
      } catch (e) {
        const details = e instanceof ApiError ? (e.details as { kind?: string } | undefined) : undefined;
        if (e instanceof ApiError && e.code === 'E_CONFIRM_REQUIRED' && details?.kind === 'expired_batch' && !confirmExpired) {
          // The same request, now confirmed: the id stays.
          const answer = await wx.showModal({ title: '批次已过期', content: e.message, confirmText: '仍要收货' });
          if (answer.confirm) return this.send(lines, true);
        }
        ids.settle(KEY, e);
        this.setData({ submitting: false, submitError: errorMessage(e) });
      }
    },
  },
});
