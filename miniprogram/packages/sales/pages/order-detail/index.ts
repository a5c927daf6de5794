// 销售单详情: status and payment status, lines with what has shipped, totals (paid, due), the
// address (copy), payments, shipments (carrier and tracking number, copy; 退货 from one), who did
// what when, and the buttons the server's `actions` allow: 确认, 收款, 发货 (all or part, tracking
// number scanned from the waybill), 完成, 取消, 不再发货, 修改. Every write keeps its request id
// until the server answers, so a retry after a network failure applies once. 订单图片 draws the
// order for the customer's chat.
import type { ActionOutput } from '../../../../../typings/api';
import type { SheetLine } from '../../components/return-sheet/index';
import { detailOf, documentDetail } from '../../../../behaviors/document-detail';
import { ApiError, errorMessage } from '../../../../services/api';
import { markChanged } from '../../../../services/changes';
import { canvasNode, canvasToFile, drawOrder, saveToAlbum, shareImage } from '../../../../services/picture';
import { chinaTime, requestIdsOf } from '../../../../services/purchasing';
import { CARRIERS, PAY_METHODS, payMethodLabel, PAYMENT_STATUS_TAG, PayMethod, ReturnRecord, returnRecordOf, SALES_STATUS_TAG, salesService, SalesStep, trackingNoOf } from '../../../../services/sales';
import { scanCode } from '../../../../services/scan';
import { shopService } from '../../../../services/shop';
import { fenToYuan, yuanToFen } from '../../../../utils/money';
import type { PictureOrder } from '../../../../utils/order-picture';

type Detail = ActionOutput<'sales.get'>;
type Order = Detail['order'];

/** Buttons in the order a thumb expects them: the main step last (rightmost). */
const BUTTONS: { action: string; label: string; type: string; confirm?: string }[] = [
  { action: 'cancel', label: '取消订单', type: 'default', confirm: '取消后预留的库存会释放，确定取消这张销售单吗？' },
  { action: 'close', label: '不再发货', type: 'default', confirm: '剩下没发的不再发，预留的库存会释放，确定吗？' },
  { action: 'edit', label: '修改', type: 'default' },
  { action: 'confirm', label: '确认订单', type: 'primary' },
  { action: 'pay', label: '收款', type: 'primary' },
  { action: 'ship', label: '发货', type: 'primary' },
  { action: 'complete', label: '完成', type: 'primary', confirm: '确定这张销售单已经完成了吗？' },
];

const STEP_DONE: Record<SalesStep, string> = { confirm: '已确认', complete: '已完成', cancel: '已取消', close: '已不再发货' };

function qtyText(baseQty: number, l: { unit: string; factor: number; baseUnit: string }): string {
  if (l.factor > 1 && baseQty % l.factor === 0) return `${baseQty / l.factor}${l.unit}`;
  return `${baseQty}${l.baseUnit}`;
}

function viewOf(o: Order) {
  const lineOf = new Map(o.lines.map((l) => [l.lineId, l]));
  return {
    _id: o._id,
    no: o.no,
    status: o.status,
    statusLabel: o.statusLabel,
    tagType: SALES_STATUS_TAG[o.status] ?? 'default',
    paymentStatusLabel: o.onCredit && o.paymentStatus !== 'paid' ? `赊账 · ${o.paymentStatusLabel}` : o.paymentStatusLabel,
    payTagType: PAYMENT_STATUS_TAG[o.paymentStatus] ?? 'default',
    customerName: o.customerName,
    createdAt: chinaTime(o.createdAt),
    by: o.createdBy.name,
    note: o.note,
    address: o.address,
    addressText: o.address ? `${o.address.name} ${o.address.phone} ${o.address.address}` : '',
    onCredit: o.onCredit,
    creditOverride: o.creditOverride,
    totalFen: o.totalFen,
    paidFen: o.paidFen,
    dueFen: o.dueFen,
    discountFen: o.discountFen,
    shippingFeeFen: o.shippingFeeFen,
    lines: o.lines.map((l) => ({
      lineId: l.lineId,
      productName: l.productName,
      orderedText: `${l.qty}${l.unit}`,
      shippedQtyText: l.shippedQtyText,
      shipped: l.shippedBaseQty > 0,
      complete: l.shippedBaseQty >= l.baseQty,
      priceText: `¥${fenToYuan(l.unitPriceFen)}/${l.unit}${l.discountFen ? ` 优惠 ¥${fenToYuan(l.discountFen)}` : ''}`,
      amountFen: l.amountFen,
    })),
    payments: o.payments.map((p) => ({ key: p.requestId, text: `${payMethodLabel(p.method)} ¥${fenToYuan(p.amountFen)}`, by: p.by.name, at: chinaTime(p.at) })),
    shipments: o.shipments.map((s) => ({
      key: s.requestId,
      postingId: s.postingId,
      carrier: s.carrier,
      trackingNo: s.trackingNo,
      by: s.by.name,
      at: chinaTime(s.at),
      lines: s.lines.map((x) => ({ key: x.lineId, text: `${lineOf.get(x.lineId)?.productName ?? ''} ${lineOf.get(x.lineId) ? qtyText(x.baseQty, lineOf.get(x.lineId)!) : x.baseQty}` })),
    })),
    history: o.history.map((h) => ({ key: h.requestId + h.action, label: h.label, by: h.by.name, at: chinaTime(h.at), note: h.note })),
  };
}

/** What the picture shows of the order. */
function pictureOf(o: Order, shopName: string): PictureOrder {
  return {
    shopName,
    no: o.no,
    date: chinaTime(o.createdAt),
    statusLabel: o.statusLabel,
    customerName: o.customerName,
    address: o.address,
    lines: o.lines.map((l) => ({ productName: l.productName, qty: l.qty, unit: l.unit, unitPriceFen: l.unitPriceFen, discountFen: l.discountFen, amountFen: l.amountFen })),
    discountFen: o.discountFen,
    shippingFeeFen: o.shippingFeeFen,
    totalFen: o.totalFen,
    paidFen: o.paidFen,
    onCredit: o.onCredit,
    shipments: o.shipments.map((s) => ({ carrier: s.carrier, trackingNo: s.trackingNo })),
    note: o.note,
  };
}

/** A line of a partial shipment: how many to send now, in the order's unit or the base unit. */
interface ShipLine {
  lineId: string;
  productName: string;
  /** still to ship, base units, and as the sheet says it */
  left: number;
  leftText: string;
  units: { name: string; factor: number }[];
  unit: string;
  factor: number;
  /** in `unit`, at most `max` */
  qty: number;
  max: number;
}

/** What is left of a line, in its order unit while whole cases are left (1箱 rather than 24瓶). */
function shipLineOf(l: Order['lines'][number]): ShipLine {
  const left = l.baseQty - l.shippedBaseQty;
  const units = l.factor > 1 ? [{ name: l.unit, factor: l.factor }, { name: l.baseUnit, factor: 1 }] : [{ name: l.baseUnit, factor: 1 }];
  const start = units.find((u) => left % u.factor === 0) ?? units[units.length - 1];
  const leftText = l.factor > 1 && left >= l.factor ? qtyText(left, l) + (left % l.factor === 0 ? `（${left}${l.baseUnit}）` : '') : `${left}${l.baseUnit}`;
  return { lineId: l.lineId, productName: l.productName, left, leftText, units, unit: start.name, factor: start.factor, qty: left / start.factor, max: Math.floor(left / start.factor) };
}

Component({
  behaviors: [documentDetail],
  data: {
    missingText: '没有指定销售单',
    role: '',
    shopName: '',
    order: null as ReturnType<typeof viewOf> | null,
    buttons: [] as typeof BUTTONS,
    // 收款
    showPay: false,
    payAmount: '',
    payMethods: PAY_METHODS,
    payMethod: 'wechat' as PayMethod,
    payError: '',
    // 发货
    showShip: false,
    carriers: CARRIERS,
    carrier: '',
    trackingNo: '',
    partial: false,
    shipLines: [] as ShipLine[],
    shipError: '',
    // 退货 / 换货 from a shipment (the return sheet)
    showReturn: false,
    returnPostingId: '',
    returnLines: [] as SheetLine[],
    // 订单图片
    picturing: false,
    pictureHeight: 600,
    picturePath: '',
    showPicture: false,
    /** returns and exchanges made from its shipments */
    returns: [] as ReturnRecord[],
  },
  methods: {
    onLoad(query: { id?: string }) {
      shopService
        .mine()
        .then((m) => this.setData({ role: m.member?.role ?? '', shopName: m.shop?.name ?? '' }))
        .catch(() => undefined); // the order's own load reports the network
      return detailOf(this).openDetail(query.id);
    },
    async fetchDetail(id: string) {
      const detail = await salesService.get(id);
      current.set(this, detail.order);
      returnsOf.set(this, detail.returns);
      return { ...this.orderView(detail.order), returns: detail.returns.map(returnRecordOf) };
    },
    orderView(o: Order) {
      return { order: viewOf(o), buttons: BUTTONS.filter((b) => o.actions.includes(b.action)) };
    },
    show(o: Order) {
      current.set(this, o);
      this.setData(this.orderView(o));
    },

    // ---- steps
    async onButton(e: WechatMiniprogram.TouchEvent) {
      const action = e.currentTarget.dataset.action as string;
      if (action === 'edit') return wx.navigateTo({ url: `/packages/sales/pages/order-edit/index?id=${encodeURIComponent(this.data.id)}` });
      if (action === 'pay') return this.openPay();
      if (action === 'ship') return this.openShip();
      const button = BUTTONS.find((b) => b.action === action);
      if (!button || this.data.busy || !(await detailOf(this).confirmStep(button))) return;
      return this.runStep(action as SalesStep);
    },
    async runStep(step: SalesStep, override?: { reason: string }): Promise<void> {
      const id = this.data.id;
      const done = await detailOf(this).runDocumentStep(
        step,
        (requestId) => (step === 'confirm' ? salesService.confirm(id, requestId, override) : salesService.step(step, id, requestId)),
        STEP_DONE[step],
      );
      if (done.ok) {
        if (step !== 'complete') markChanged(done.value.lines.map((l) => l.productId)); // held or released stock
        this.show(done.value);
      } else {
        const err = done.error;
        // Beyond the customer's credit limit: the owner may let it go with a reason.
        if (step === 'confirm' && !override && err instanceof ApiError && err.code === 'E_CREDIT_LIMIT' && this.data.role === 'owner') {
          const r = await wx.showModal({ title: '超出赊账额度', content: err.message, editable: true, placeholderText: '放行原因，如：老客户，月底结', confirmText: '放行' } as WechatMiniprogram.ShowModalOption);
          const reason = String((r as { content?: string }).content ?? '').trim();
          if (r.confirm && reason) return this.runStep('confirm', { reason });
        }
      }
    },

    // ---- 收款
    openPay() {
      const o = this.data.order;
      if (!o) return;
      this.setData({ showPay: true, payAmount: fenToYuan(o.dueFen), payError: '' });
    },
    closePay() {
      this.setData({ showPay: false });
    },
    onPayAmount(e: WechatMiniprogram.CustomEvent) {
      this.setData({ payAmount: String(e.detail ?? '').trim(), payError: '' });
    },
    onPayMethod(e: WechatMiniprogram.TouchEvent) {
      this.setData({ payMethod: e.currentTarget.dataset.method as PayMethod });
    },
    async onPaySubmit() {
      if (this.data.busy) return;
      const amountFen = yuanToFen(this.data.payAmount);
      if (!amountFen) {
        this.setData({ payError: '请输入收款金额' });
        return;
      }
      const id = this.data.id;
      const method = this.data.payMethod;
      this.setData({ busy: 'pay', payError: '' });
      try {
        // keyed by what is paid: a retry of the same payment reuses its request id
        const order = await requestIdsOf(this).run(`pay:${amountFen}:${method}`, (requestId) => salesService.pay({ id, requestId, amountFen, method, note: '' }));
        this.setData({ busy: '', showPay: false });
        wx.showToast({ title: `已收 ¥${fenToYuan(amountFen)}`, icon: 'none' });
        this.show(order);
      } catch (e) {
        this.setData({ busy: '', payError: errorMessage(e) });
      }
    },

    // ---- 发货
    openShip() {
      const o = current.get(this);
      if (!o) return;
      const shipLines = o.lines.filter((l) => l.shippedBaseQty < l.baseQty).map(shipLineOf);
      this.setData({ showShip: true, shipLines, partial: false, shipError: '' });
    },
    closeShip() {
      this.setData({ showShip: false });
    },
    onCarrier(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ carrier: CARRIERS[Number(e.detail.value)] ?? '' });
    },
    onCarrierText(e: WechatMiniprogram.CustomEvent) {
      this.setData({ carrier: String(e.detail ?? '').trim() });
    },
    onTrackingNo(e: WechatMiniprogram.CustomEvent) {
      this.setData({ trackingNo: String(e.detail ?? '').trim(), shipError: '' });
    },
    /** The waybill's barcode is the tracking number. */
    async onScanTracking() {
      const code = await scanCode();
      if (!code) return;
      const no = trackingNoOf(code);
      this.setData(no ? { trackingNo: no, shipError: '' } : { shipError: `“${code}”不像运单号，请对准面单上的条码` });
    },
    onPartial(e: WechatMiniprogram.CustomEvent) {
      this.setData({ partial: Boolean(e.detail) });
    },
    onShipQty(e: WechatMiniprogram.CustomEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const line = this.data.shipLines[i];
      this.setData({ [`shipLines[${i}].qty`]: Math.min(line.max, Math.max(0, Math.floor(Number(e.detail) || 0))) });
    },
    /** Another unit for a shipment line: the quantity carries over as far as it fits. */
    onShipUnit(e: WechatMiniprogram.TouchEvent) {
      const i = Number(e.currentTarget.dataset.index);
      const line = this.data.shipLines[i];
      const unit = line.units.find((u) => u.name === e.currentTarget.dataset.unit);
      if (!unit || unit.name === line.unit) return;
      const max = Math.floor(line.left / unit.factor);
      this.setData({ [`shipLines[${i}]`]: { ...line, unit: unit.name, factor: unit.factor, max, qty: Math.min(max, Math.floor((line.qty * line.factor) / unit.factor)) } });
    },
    async onShipSubmit() {
      if (this.data.busy) return;
      const { carrier, trackingNo, partial } = this.data;
      if (trackingNo && !/^[A-Za-z0-9-]+$/.test(trackingNo)) {
        this.setData({ shipError: '运单号只能是字母、数字和 -' });
        return;
      }
      const lines = partial ? this.data.shipLines.filter((l) => l.qty > 0).map((l) => ({ lineId: l.lineId, qty: l.qty, unit: l.unit })) : undefined;
      if (lines && lines.length === 0) {
        this.setData({ shipError: '请填写这次要发的数量' });
        return;
      }
      const id = this.data.id;
      this.setData({ busy: 'ship', shipError: '' });
      try {
        const key = `ship:${carrier}:${trackingNo}:${JSON.stringify(lines ?? 'all')}`;
        const r = await requestIdsOf(this).run(key, (requestId) => salesService.ship({ id, requestId, carrier, trackingNo, lines, note: '' }));
        this.setData({ busy: '', showShip: false, trackingNo: '' });
        wx.showToast({ title: r.order.status === 'partially_shipped' ? '已发一部分' : '已发货', icon: 'success' });
        markChanged(r.order.lines.map((l) => l.productId));
        this.show(r.order);
      } catch (e) {
        this.setData({ busy: '', shipError: errorMessage(e) });
      }
    },

    // ---- copy
    onCopyAddress() {
      const o = this.data.order;
      if (!o?.addressText) return;
      wx.setClipboardData({ data: o.addressText });
    },
    onCopyTracking(e: WechatMiniprogram.TouchEvent) {
      wx.setClipboardData({ data: String(e.currentTarget.dataset.no) });
    },

    // ---- 退货 / 换货 from a shipment: the return sheet posts stock.saleReturn or stock.exchange of it
    openReturn(e: WechatMiniprogram.TouchEvent) {
      const o = current.get(this);
      const shipment = o?.shipments.find((s) => s.postingId === e.currentTarget.dataset.posting);
      if (!o || !shipment) return;
      // What came back from this shipment already (returns and exchanges of it): no more can return.
      const back = new Map<string, number>();
      for (const r of returnsOf.get(this) ?? []) {
        if (r.source.id !== shipment.postingId) continue;
        for (const l of r.lines) if (l.qty > 0 && !l.writeOff) back.set(l.productId, (back.get(l.productId) ?? 0) + l.qty);
      }
      const byProduct = new Map<string, SheetLine & { shipped: number }>();
      for (const s of shipment.lines) {
        const l = o.lines.find((x) => x.lineId === s.lineId);
        if (!l) continue;
        const r = byProduct.get(l.productId) ?? { productId: l.productId, productName: l.productName, baseUnit: l.baseUnit, max: 0, hint: '', shipped: 0 };
        r.shipped += s.baseQty;
        byProduct.set(l.productId, r);
      }
      const lines = [...byProduct.values()].map(({ shipped, ...r }) => {
        const returned = Math.min(shipped, back.get(r.productId) ?? 0);
        return { ...r, max: shipped - returned, hint: `这次发了 ${shipped}${r.baseUnit}${returned ? `，已退 ${returned}${r.baseUnit}` : ''}` };
      });
      if (lines.every((l) => l.max === 0)) {
        wx.showToast({ title: '这次发的货已经全部退回', icon: 'none' });
        return;
      }
      this.setData({ showReturn: true, returnPostingId: shipment.postingId, returnLines: lines });
    },
    closeReturn() {
      this.setData({ showReturn: false });
    },
    async onReturned() {
      this.setData({ showReturn: false });
      await this.load();
    },

    // ---- 订单图片: drawn on the canvas, then saved or shared
    async onPicture() {
      const o = current.get(this);
      if (!o || this.data.picturing) return;
      this.setData({ picturing: true, stepError: '' });
      try {
        const canvas = await canvasNode(this, '#order-picture');
        const height = drawOrder(canvas, pictureOf(o, this.data.shopName || '小店'));
        const path = await canvasToFile(canvas);
        this.setData({ picturing: false, pictureHeight: height, picturePath: path, showPicture: true });
      } catch {
        this.setData({ picturing: false, stepError: '生成图片失败，请重试' });
      }
    },
    closePicture() {
      this.setData({ showPicture: false });
    },
    async onSavePicture() {
      if (await saveToAlbum(this.data.picturePath)) wx.showToast({ title: '已保存到相册', icon: 'success' });
    },
    onSharePicture() {
      return shareImage(this.data.picturePath);
    },
  },
});

/** The order as the server answered it, per page instance (the view keeps only what it shows). */
const current = new WeakMap<object, Order>();
/** the order's returns and exchanges as postings (what each shipment has had back) */
const returnsOf = new WeakMap<object, Detail['returns']>();
