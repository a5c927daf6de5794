// What the sale page and the receipt page share: scan (or type) a code to add a line — a repeat
// scan adds one, 连续扫码 reopens the camera after each scan —, create an unknown product and come
// back with its line, edit lines (price kept as typed until the field is left, another batch,
// remove), and submit exactly once: the request id stays the same until the server has answered,
// so a double tap or a retry after a network error posts once; a confirmation the server asks
// for (E_CONFIRM_REQUIRED) resubmits the same request. Line edits are path updates
// (`lines[i]`), so a setData carries one line, not the document. With more than one active
// warehouse the document says which one it moves stock in (services/warehouses.ts).
import type { ProductView } from '../../typings/api/products';
import type { Role } from '../../typings/models';
import { ApiError, errorMessage, newRequestId } from '../services/api';
import { markChanged } from '../services/changes';
import { lookupCode, offerCreate, unknownCode } from '../services/scan';
import { shopService } from '../services/shop';
import { stockService } from '../services/stock';
import { ScanLoopData, scanLoop } from './scan-loop';
import { chooseWarehouse, WarehouseChoice, warehouseChoice, warehousesVersion } from '../services/warehouses';
import {
  addProduct,
  CartLine,
  CartProduct,
  finishPrice,
  PriceKind,
  removeLine,
  setQty,
  shortLines,
  splitBatch,
  totalFen,
  totalQty,
  typePrice,
} from '../utils/cart';

export interface ScanDocumentData extends WarehouseChoice, ScanLoopData {
  lines: CartLine[];
  totalFen: number;
  totalQty: number;
  submitting: boolean;
  error: string;
  /** why 提交 is disabled ('' when it is not): short stock, a bad price */
  blocked: string;
  requestId: string;
  role: Role | '';
  /** the shop refuses to sell below zero: short lines block the sale before it is sent */
  checkStock: boolean;
  shopId: string;
  /** the warehouses version (services/warehouses.ts) the choice was made from */
  warehousesSeen: number;
}

export interface SubmitOptions {
  /** the user confirmed what the server asked about (E_CONFIRM_REQUIRED) */
  confirmed: boolean;
}

type Host = WechatMiniprogram.Component.TrivialInstance & {
  /** warehouseKind: what the remembered warehouse is kept under, when not the price kind (调拨's source) */
  data: ScanDocumentData & { priceKind: PriceKind; stockMatters: boolean; warehouseKind?: string };
  /** Posts the document; answers the message shown to the user. */
  submitDocument(lines: CartLine[], requestId: string, options: SubmitOptions): Promise<string>;
  /** A page's own check before sending ('' when fine), e.g. 赊账 needs a customer. */
  checkDocument?(lines: CartLine[]): string;
  addCode(code: string): Promise<boolean>;
  addProduct(p: CartProduct, qty?: number): void;
  loadShop(): Promise<void>;
};

function blockedReason(host: Host, lines: CartLine[]): string {
  const bad = lines.find((l) => l.problem);
  if (bad) return `「${bad.name}」${bad.problem}`;
  if (host.data.stockMatters && host.data.checkStock) {
    const short = shortLines(lines);
    if (short.length) return `库存不足：${[...new Set(short.map((l) => l.name))].join('、')}`;
  }
  return '';
}

/** The whole list (a line added or removed): totals and the block follow. */
function setLines(host: Host, lines: CartLine[]) {
  host.setData({ lines, totalFen: totalFen(lines), totalQty: totalQty(lines), blocked: blockedReason(host, lines), error: '' });
}

/** One line changed: a path update of that line only. */
function setLine(host: Host, key: string, change: (l: CartLine) => CartLine) {
  const i = host.data.lines.findIndex((l) => l.key === key);
  if (i < 0) return;
  const line = { ...change(host.data.lines[i]), refused: '' }; // an edit answers the server's objection
  const lines = host.data.lines.map((l, j) => (j === i ? line : l));
  host.setData({ [`lines[${i}]`]: line, totalFen: totalFen(lines), totalQty: totalQty(lines), blocked: blockedReason(host, lines), error: '' });
}

export const scanDocument = Behavior({
  // scanning itself (camera, 连续扫码, a typed code) is the scan-loop behavior; this one adds lines
  behaviors: [scanLoop],
  data: {
    lines: [],
    totalFen: 0,
    totalQty: 0,
    submitting: false,
    error: '',
    blocked: '',
    requestId: '',
    role: '',
    checkStock: true,
    shopId: '',
    warehousesSeen: 0,
    warehouses: [],
    warehouseNames: [],
    warehouseId: '',
    warehouseName: '',
    warehouseIndex: -1,
  } as Omit<ScanDocumentData, keyof ScanLoopData>,
  lifetimes: {
    attached() {
      this.setData({ requestId: newRequestId() });
      (this as unknown as Host).loadShop();
    },
  },
  methods: {
    /** Who is selling or receiving, the shop's stock rule and its warehouses. */
    loadShop(): Promise<void> {
      const host = this as unknown as Host;
      const seen = warehousesVersion();
      return shopService
        .mine()
        .then((mine) =>
          host.setData({
            role: mine.member?.role ?? '',
            checkStock: !mine.shop?.settings.allowNegativeStock,
            shopId: mine.shop?._id ?? '',
            warehousesSeen: seen,
            ...warehouseChoice(mine.shop, host.data.warehouseKind || host.data.priceKind),
          }),
        )
        .catch(() => undefined); // the submit answers any real problem
    },
    /** Back from the 仓库 page (开单 is a tab page and stays open): its changes show here. */
    onShow() {
      const host = this as unknown as Host;
      return warehousesVersion() === host.data.warehousesSeen ? Promise.resolve() : host.loadShop();
    },
    async onWarehouse(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const host = this as unknown as Host;
      const next = chooseWarehouse(host.data.shopId, host.data.warehouseKind || host.data.priceKind, host.data, Number(e.detail.value));
      if (!next) return;
      host.setData({ ...next, error: '' });
      // The lines already there now move stock in another warehouse: check them against what it holds.
      if (!next.warehouseId || host.data.lines.length === 0) return;
      try {
        const { onHand } = await stockService.available(next.warehouseId, [...new Set(host.data.lines.map((l) => l.productId))]);
        setLines(host, host.data.lines.map((l) => ({ ...l, onHand: onHand[l.productId] ?? 0 })));
      } catch (err) {
        host.setData({ error: errorMessage(err) });
      }
    },
    /** true when a line was added (an unknown code leads to the product form instead). */
    async addCode(code: string): Promise<boolean> {
      const host = this as unknown as Host;
      host.setData({ looking: true, error: '' });
      try {
        const { product, pack } = await lookupCode(code, host.data.warehouseId || undefined);
        host.setData({ looking: false });
        if (!product) {
          if (host.data.role === 'clerk') unknownCode(code);
          else await offerCreate(code, (created: ProductView) => host.addProduct(created));
          return false;
        }
        host.addProduct(product, pack?.factor ?? 1);
        if (pack) wx.showToast({ title: `整${pack.name} +${pack.factor}${product.baseUnit}`, icon: 'none' });
        wx.vibrateShort({ type: 'light' });
        return true;
      } catch (e) {
        host.setData({ looking: false, error: errorMessage(e) });
        return false;
      }
    },
    addProduct(p: CartProduct, qty = 1) {
      const host = this as unknown as Host;
      const lines = addProduct(host.data.lines, p, host.data.priceKind, qty);
      if (lines.length === host.data.lines.length) {
        const key = [...host.data.lines].reverse().find((l) => l.productId === p._id)!.key;
        setLine(host, key, (l) => ({ ...l, qty: l.qty + qty }));
      } else {
        const all = lines;
        host.setData({ [`lines[${all.length - 1}]`]: all[all.length - 1], totalFen: totalFen(all), totalQty: totalQty(all), blocked: blockedReason(host, all), error: '' });
      }
    },
    onLineQty(e: WechatMiniprogram.CustomEvent<{ key: string; qty: number }>) {
      const host = this as unknown as Host;
      const { key, qty } = e.detail;
      if (!Number.isFinite(qty) || qty <= 0) setLines(host, setQty(host.data.lines, key, qty));
      else setLine(host, key, (l) => ({ ...l, qty: Math.floor(qty) }));
    },
    onLinePrice(e: WechatMiniprogram.CustomEvent<{ key: string; text: string }>) {
      setLine(this as unknown as Host, e.detail.key, (l) => typePrice(l, e.detail.text));
    },
    onLinePriceDone(e: WechatMiniprogram.CustomEvent<{ key: string }>) {
      setLine(this as unknown as Host, e.detail.key, finishPrice);
    },
    onLineBatch(e: WechatMiniprogram.CustomEvent<{ key: string; batchNo?: string; expiryDate?: string }>) {
      const { key, ...patch } = e.detail;
      setLine(this as unknown as Host, key, (l) => ({ ...l, ...patch, problem: '' }));
    },
    onLineRemove(e: WechatMiniprogram.CustomEvent<{ key: string }>) {
      const host = this as unknown as Host;
      setLines(host, removeLine(host.data.lines, e.detail.key));
    },
    onLineSplit(e: WechatMiniprogram.CustomEvent<{ key: string }>) {
      const host = this as unknown as Host;
      setLines(host, splitBatch(host.data.lines, e.detail.key));
    },
    onClear() {
      setLines(this as unknown as Host, []);
    },
    async onSubmit() {
      const host = this as unknown as Host;
      if (host.data.submitting || host.data.lines.length === 0) return;
      const lines = host.data.lines.map(finishPrice);
      const problem = blockedReason(host, lines) || host.checkDocument?.(lines) || '';
      if (problem) {
        host.setData({ error: problem });
        return;
      }
      host.setData({ submitting: true, error: '' });
      const options: SubmitOptions = { confirmed: false };
      for (;;) {
        try {
          const message = await host.submitDocument(lines, host.data.requestId, options);
          host.setData({ submitting: false, lines: [], totalFen: 0, totalQty: 0, blocked: '', requestId: newRequestId() });
          markChanged(lines.map((l) => l.productId));
          // A success toast shows at most 7 characters; a longer message goes without the icon.
          wx.showToast({ title: message, icon: message.length > 7 ? 'none' : 'success' });
          return;
        } catch (e) {
          if (e instanceof ApiError && e.code === 'E_CONFIRM_REQUIRED' && !options.confirmed) {
            const res = await wx.showModal({ title: '请确认', content: e.message, confirmText: '仍要提交' });
            if (res.confirm) {
              options.confirmed = true; // the same request id: it was refused, nothing was posted
              continue;
            }
            host.setData({ submitting: false });
            return;
          }
          // A refusal the server answered: the next attempt is a new request. A network error keeps
          // the id, so the retry cannot post twice.
          const answered = e instanceof ApiError && e.code !== 'E_INTERNAL';
          const marked = answered ? markLines(host, e as ApiError) : {};
          host.setData({ submitting: false, error: errorMessage(e), ...marked, ...(answered ? { requestId: newRequestId() } : {}) });
          return;
        }
      }
    },
  },
});

/** The server names the lines it refused (details.lines: their indexes): show its message on them. */
function markLines(host: Host, e: ApiError): Record<string, string> {
  const d = e.details as { lines?: unknown; line?: unknown } | undefined;
  const indexes = Array.isArray(d?.lines) ? d!.lines : typeof d?.line === 'number' ? [d.line] : [];
  const patch: Record<string, string> = {};
  for (const i of indexes) if (typeof i === 'number' && host.data.lines[i]) patch[`lines[${i}].refused`] = e.message;
  return patch;
}
