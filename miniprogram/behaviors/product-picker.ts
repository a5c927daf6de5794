// Adding products to a document (采购单, 退货给供应商, 销售单): scan a code or search by name and
// pick from the results. The host page implements addProduct(p, pack) and shows `error`; `pack` is
// the case a scanned case barcode stands for (a sales order adds one case of it).
import type { ProductView } from '../../typings/api/products';
import { errorMessage } from '../services/api';
import { productsService } from '../services/products';
import { lookupCode, scanCode } from '../services/scan';

export interface ProductPickerData {
  keyword: string;
  results: { _id: string; name: string; label: string }[];
  searching: boolean;
  error: string;
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  data: ProductPickerData;
  addProduct(p: ProductView, pack?: { name: string; factor: number }): void;
};

const host = (self: unknown) => self as Host;

/** the last search's products of each page instance (the view only needs names) */
const foundOf = new WeakMap<object, ProductView[]>();

/** A product's units for a purchase document: its purchase unit first (when it has one), then the base unit. */
/** What every document line picked this way has: the product, its units, the one chosen, how many. */
export interface PickedLine {
  key: string;
  productId: string;
  productName: string;
  units: { name: string; factor: number }[];
  unit: string;
  qty: number;
}

export function purchaseUnitsOf(p: Pick<ProductView, 'baseUnit' | 'purchaseUnit'>): { name: string; factor: number }[] {
  const base = { name: p.baseUnit, factor: 1 };
  return p.purchaseUnit && p.purchaseUnit.factor > 1 ? [{ name: p.purchaseUnit.name, factor: p.purchaseUnit.factor }, base] : [base];
}

export const productPicker = Behavior({
  data: { keyword: '', results: [], searching: false, error: '' } as ProductPickerData,
  methods: {
    async onScan() {
      const h = host(this);
      const code = await scanCode();
      if (!code) return;
      try {
        const { product, pack } = await lookupCode(code);
        if (product) h.addProduct(product, pack ?? undefined);
        else h.setData({ error: `条码 ${code} 还没有对应的商品，请先在“商品”里新建` });
      } catch (e) {
        h.setData({ error: errorMessage(e) });
      }
    },
    onKeyword(e: WechatMiniprogram.CustomEvent) {
      host(this).setData({ keyword: String(e.detail) });
    },
    async onSearch() {
      const h = host(this);
      const keyword = h.data.keyword.trim();
      if (!keyword) return;
      h.setData({ searching: true, error: '' });
      try {
        const r = await productsService.list({ keyword, page: 1, pageSize: 20 });
        foundOf.set(h, r.items);
        h.setData({ searching: false, results: r.items.map((p) => ({ _id: p._id, name: p.name, label: `库存 ${p.onHand}${p.baseUnit}` })) });
        if (r.items.length === 0) h.setData({ error: `没有找到“${keyword}”` });
      } catch (e) {
        h.setData({ searching: false, error: errorMessage(e) });
      }
    },
    onPick(e: WechatMiniprogram.TouchEvent) {
      const h = host(this);
      const p = (foundOf.get(h) ?? []).find((x) => x._id === e.currentTarget.dataset.id);
      if (p) h.addProduct(p);
      h.setData({ results: [], keyword: '' });
    },
  },
});
