// 退货 / 换货 of one sale posting (an order's shipment, or a quick sale): how many of each product
// come back — typed, or scanned (a barcode adds one, a case barcode a case) — whether they are
// damaged (written off at once), and in 换货 the goods given instead (scanned or searched), then
// stock.saleReturn or stock.exchange with one request id per pending write. The host gives the
// sale's products with the most that can come back and hears `close` and `done` ({ posting }).
import type { ProductView } from '../../../../../typings/api/products';
import { productPicker } from '../../../../behaviors/product-picker';
import { errorMessage } from '../../../../services/api';
import { markChanged } from '../../../../services/changes';
import { requestIdsOf } from '../../../../services/purchasing';
import { salesService } from '../../../../services/sales';
import { lookupCode, scanCode } from '../../../../services/scan';
import { fenToYuan } from '../../../../utils/money';

/** A product of the sale: at most `max` base units can come back; `hint` says why (e.g. 可退 3瓶). */
export interface SheetLine {
  productId: string;
  productName: string;
  baseUnit: string;
  max: number;
  hint: string;
}

interface ReturnLine extends SheetLine {
  qty: number;
}

/** A product given in exchange (换出), in base units at the shop's price. */
interface ExchangeLine {
  productId: string;
  productName: string;
  baseUnit: string;
  qty: number;
}

Component({
  options: { styleIsolation: 'apply-shared' },
  behaviors: [productPicker],
  properties: {
    show: { type: Boolean, value: false },
    salePostingId: { type: String, value: '' },
    lines: { type: Array, value: [] as SheetLine[] },
    /** the sale was on credit: a refund lowers what the customer owes */
    onCredit: { type: Boolean, value: false },
    /** the note of the return (an order's number) */
    note: { type: String, value: '' },
    /** open on 换货 rather than 退货 */
    startExchange: { type: Boolean, value: false },
  },
  data: {
    /** 换货: goods are given instead, scanned or searched */
    exchange: false,
    returnLines: [] as ReturnLine[],
    exchangeLines: [] as ExchangeLine[],
    toDamage: false,
    returnError: '',
    busy: false,
  },
  observers: {
    // Each opening starts afresh from the sale's products.
    'show, lines'(show: boolean, lines: SheetLine[]) {
      if (show) this.setData({ exchange: this.data.startExchange, returnLines: lines.map((l) => ({ ...l, qty: 0 })), exchangeLines: [], toDamage: false, returnError: '', error: '', keyword: '', results: [] });
    },
  },
  methods: {
    close() {
      this.triggerEvent('close');
    },
    onMode(e: WechatMiniprogram.TouchEvent) {
      this.setData({ exchange: e.currentTarget.dataset.mode === 'exchange', returnError: '', error: '' });
    },
    onReturnQty(e: WechatMiniprogram.CustomEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const line = this.data.returnLines[i];
      this.setData({ [`returnLines[${i}].qty`]: Math.min(line.max, Math.max(0, Math.floor(Number(e.detail) || 0))) });
    },
    /**
     * A scan (the sheet's button or the picker's): a product of the sale comes back one more (a case
     * barcode, a case), never past what can still come back; in 换货 another product is given.
     */
    async onScan() {
      const code = await scanCode();
      if (!code) return;
      try {
        const { product, pack } = await lookupCode(code);
        if (!product) {
          this.setData({ returnError: `条码 ${code} 不是本店的商品` });
          return;
        }
        const i = this.data.returnLines.findIndex((l) => l.productId === product._id);
        if (i < 0) {
          if (this.data.exchange) this.addProduct(product, pack ?? undefined);
          else this.setData({ returnError: `原单没有「${product.name}」，不能退货（换给客户的商品请切到“换货”再扫）` });
          return;
        }
        const line = this.data.returnLines[i];
        const step = pack?.factor ?? 1;
        if (line.qty + step > line.max) {
          const left = line.max - line.qty;
          this.setData({ returnError: `「${line.productName}」最多还能退 ${line.max}${line.baseUnit}${line.qty ? `，已扫 ${line.qty}${line.baseUnit}` : ''}${pack && left > 0 ? `，不够一${pack.name}` : ''}` });
          return;
        }
        this.setData({ [`returnLines[${i}].qty`]: line.qty + step, returnError: '', error: '' });
        wx.vibrateShort({ type: 'light' });
      } catch (e) {
        this.setData({ returnError: errorMessage(e) });
      }
    },
    /** The product picker's pick (or a scan in 换货): more of it given in exchange. */
    addProduct(p: ProductView, pack?: { name: string; factor: number }) {
      const step = pack?.factor ?? 1;
      const i = this.data.exchangeLines.findIndex((l) => l.productId === p._id);
      if (i >= 0) this.setData({ [`exchangeLines[${i}].qty`]: this.data.exchangeLines[i].qty + step, error: '', returnError: '' });
      else this.setData({ exchange: true, exchangeLines: [...this.data.exchangeLines, { productId: p._id, productName: p.name, baseUnit: p.baseUnit, qty: step }], error: '', returnError: '' });
    },
    onExchangeQty(e: WechatMiniprogram.CustomEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const qty = Math.max(0, Math.floor(Number(e.detail) || 0));
      this.setData({ exchangeLines: qty === 0 ? this.data.exchangeLines.filter((_, j) => j !== i) : this.data.exchangeLines.map((l, j) => (j === i ? { ...l, qty } : l)) });
    },
    onToDamage(e: WechatMiniprogram.CustomEvent) {
      this.setData({ toDamage: Boolean(e.detail) });
    },
    /** 退货, or 换货 when goods are given instead: one posting either way. */
    async onSubmit() {
      if (this.data.busy) return;
      const lines = this.data.returnLines.filter((l) => l.qty > 0).map((l) => ({ productId: l.productId, qty: l.qty }));
      if (lines.length === 0) {
        this.setData({ returnError: '请扫码或填写退回的数量' });
        return;
      }
      const given = this.data.exchange ? this.data.exchangeLines.map((l) => ({ productId: l.productId, qty: l.qty })) : [];
      if (this.data.exchange && given.length === 0) {
        this.setData({ returnError: '请扫码或搜索添加换给客户的商品' });
        return;
      }
      const exchange = given.length > 0;
      const { onCredit, note, salePostingId, toDamage } = this.data;
      const goods = toDamage ? '货已损坏，直接报损' : '货回到库存';
      const money = exchange ? (onCredit ? '差价计入客户欠款' : '差价多退少补') : onCredit ? '客户的欠款相应减少' : '按原付款方式退款给客户';
      const r = await wx.showModal({ title: exchange ? '换货' : '退货', content: `退回 ${lines.length} 种${exchange ? `，换出 ${given.length} 种` : ''}商品，${goods}；${money}。确定吗？` });
      if (!r.confirm) return;
      this.setData({ busy: true, returnError: '' });
      try {
        const key = `${exchange ? 'exchange' : 'return'}:${salePostingId}:${JSON.stringify([lines, given, toDamage])}`;
        const posting = await requestIdsOf(this).run(key, (requestId) =>
          exchange
            ? salesService.exchange({ requestId, salePostingId, returnLines: lines, saleLines: given, toDamage, note })
            : salesService.returnGoods({ requestId, salePostingId, lines, toDamage, note }),
        );
        this.setData({ busy: false });
        const amount = posting.totals.amountFen ?? 0;
        const title = exchange ? (amount > 0 ? `已换货，补差价 ¥${fenToYuan(amount)}` : amount < 0 ? `已换货，退差价 ¥${fenToYuan(-amount)}` : '已换货') : `已退货 ¥${fenToYuan(Math.abs(amount))}`;
        wx.showToast({ title, icon: 'none' });
        markChanged([...lines, ...given].map((l) => l.productId));
        this.triggerEvent('done', { posting });
      } catch (e) {
        this.setData({ busy: false, returnError: errorMessage(e) });
      }
    },
  },
});
