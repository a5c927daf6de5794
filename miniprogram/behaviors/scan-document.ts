// What the sale page and the receipt page share: scan (or type) a code to add a line — a repeat
// scan adds one —, offer to create an unknown product, edit lines, and submit exactly once: the
// request id stays the same until the server has answered, so a double tap or a retry after a
// network error posts once.
import { ApiError, errorMessage, newRequestId } from '../services/api';
import { lookupCode, offerCreate, scanCode } from '../services/scan';
import { addProduct, CartLine, CartProduct, patchLine, PriceKind, setQty, totalFen, totalQty } from '../utils/cart';

export interface ScanDocumentData {
  lines: CartLine[];
  totalFen: number;
  totalQty: number;
  manualCode: string;
  submitting: boolean;
  looking: boolean;
  error: string;
  requestId: string;
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: ScanDocumentData & { priceKind: PriceKind };
  submitDocument(lines: CartLine[], requestId: string): Promise<string>;
};

function setLines(host: Host, lines: CartLine[]) {
  host.setData({ lines, totalFen: totalFen(lines), totalQty: totalQty(lines), error: '' });
}

export const scanDocument = Behavior({
  data: { lines: [], totalFen: 0, totalQty: 0, manualCode: '', submitting: false, looking: false, error: '', requestId: '' } as ScanDocumentData,
  lifetimes: {
    attached() {
      this.setData({ requestId: newRequestId() });
    },
  },
  methods: {
    async onScan() {
      const code = await scanCode();
      if (code) await (this as unknown as Host & { addCode(c: string): Promise<void> }).addCode(code);
    },
    onManualInput(e: WechatMiniprogram.CustomEvent) {
      this.setData({ manualCode: String(e.detail) });
    },
    async onManualConfirm() {
      const host = this as unknown as Host & { addCode(c: string): Promise<void> };
      const code = host.data.manualCode.trim();
      if (!code) return;
      this.setData({ manualCode: '' });
      await host.addCode(code);
    },
    async addCode(code: string) {
      const host = this as unknown as Host;
      host.setData({ looking: true, error: '' });
      try {
        const { product } = await lookupCode(code);
        host.setData({ looking: false });
        if (!product) {
          await offerCreate(code);
          return;
        }
        (this as unknown as { addProduct(p: CartProduct): void }).addProduct(product);
        wx.vibrateShort({ type: 'light' });
      } catch (e) {
        host.setData({ looking: false, error: errorMessage(e) });
      }
    },
    addProduct(p: CartProduct) {
      const host = this as unknown as Host;
      setLines(host, addProduct(host.data.lines, p, host.data.priceKind));
    },
    onLineQty(e: WechatMiniprogram.CustomEvent<{ productId: string; qty: number }>) {
      const host = this as unknown as Host;
      setLines(host, setQty(host.data.lines, e.detail.productId, e.detail.qty));
    },
    onLinePrice(e: WechatMiniprogram.CustomEvent<{ productId: string; priceFen: number }>) {
      const host = this as unknown as Host;
      setLines(host, patchLine(host.data.lines, e.detail.productId, { priceFen: e.detail.priceFen }));
    },
    onLineBatch(e: WechatMiniprogram.CustomEvent<{ productId: string; batchNo?: string; expiryDate?: string }>) {
      const host = this as unknown as Host;
      const { productId, ...patch } = e.detail;
      setLines(host, patchLine(host.data.lines, productId, patch));
    },
    onClear() {
      const host = this as unknown as Host;
      setLines(host, []);
    },
    async onSubmit() {
      const host = this as unknown as Host;
      if (host.data.submitting || host.data.lines.length === 0) return;
      host.setData({ submitting: true, error: '' });
      try {
        const message = await host.submitDocument(host.data.lines, host.data.requestId);
        host.setData({ submitting: false, lines: [], totalFen: 0, totalQty: 0, requestId: newRequestId() });
        wx.showToast({ title: message, icon: 'success' });
      } catch (e) {
        // A refusal the server answered: the next attempt is a new request. A network error keeps
        // the id, so the retry cannot post twice.
        const answered = e instanceof ApiError && e.code !== 'E_INTERNAL';
        host.setData({ submitting: false, error: errorMessage(e), ...(answered ? { requestId: newRequestId() } : {}) });
      }
    },
  },
});
