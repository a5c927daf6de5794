// The priced lines of an order being written (采购单, 销售单), on top of product-picker: a picked
// product adds a line (or one more of its unit), a unit tap switches the unit and refills the price
// for it, the stepper sets how many, 删除 takes the line off. Any change clears the line's `lineError`
// (what was wrong with it: a bad price, the server's refusal). The host implements newLine(p, pack).
import type { ProductView } from '../../typings/api/products';
import { fenToYuan } from '../utils/money';
import type { PickedLine } from './product-picker';

export interface PricedLine extends PickedLine {
  /** price per `unit`, yuan as typed */
  price: string;
  /** the reference price per base unit (fen; null = none), to refill the price when the unit changes */
  basePriceFen: number | null;
  /** what is wrong with the line ('' = nothing) */
  lineError: string;
}

/** The price of `factor` base units, as the field shows it ('' without a reference price). */
export const priceFor = (basePriceFen: number | null, factor: number) => (basePriceFen === null ? '' : fenToYuan(basePriceFen * factor));

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: { lines: PricedLine[] };
  newLine(p: ProductView, pack?: { name: string; factor: number }): PricedLine;
};

export const orderLines = Behavior({
  methods: {
    /** A product already on the order gets one more of its unit; another is a new line. */
    addProduct(p: ProductView, pack?: { name: string; factor: number }) {
      const h = this as unknown as Host;
      const i = h.data.lines.findIndex((l) => l.productId === p._id);
      if (i >= 0) h.setData({ [`lines[${i}].qty`]: h.data.lines[i].qty + 1, [`lines[${i}].lineError`]: '', error: '' });
      else h.setData({ [`lines[${h.data.lines.length}]`]: h.newLine(p, pack), error: '' });
      wx.vibrateShort({ type: 'light' });
    },
    onUnit(e: WechatMiniprogram.TouchEvent) {
      const h = this as unknown as Host;
      const i = Number(e.currentTarget.dataset.index);
      const unit = h.data.lines[i].units.find((u) => u.name === e.currentTarget.dataset.unit);
      if (!unit) return;
      h.setData({ [`lines[${i}].unit`]: unit.name, [`lines[${i}].price`]: priceFor(h.data.lines[i].basePriceFen, unit.factor), [`lines[${i}].lineError`]: '' });
    },
    onQty(e: WechatMiniprogram.CustomEvent) {
      const i = Number(e.currentTarget.dataset.index);
      (this as unknown as Host).setData({ [`lines[${i}].qty`]: Math.max(1, Math.floor(Number(e.detail) || 1)), [`lines[${i}].lineError`]: '' });
    },
    /** A typed field of a line (data-field: price, discount…). */
    onLineField(e: WechatMiniprogram.CustomEvent) {
      const i = Number(e.currentTarget.dataset.index);
      (this as unknown as Host).setData({ [`lines[${i}].${e.currentTarget.dataset.field as string}`]: String(e.detail ?? '').trim(), [`lines[${i}].lineError`]: '' });
    },
    onRemove(e: WechatMiniprogram.TouchEvent) {
      const h = this as unknown as Host;
      const i = Number(e.currentTarget.dataset.index);
      h.setData({ lines: h.data.lines.filter((_, j) => j !== i) });
    },
  },
});
