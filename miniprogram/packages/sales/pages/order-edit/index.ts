// 新建 / 修改销售单: the customer (from the shop's customers), where it goes (the customer's address
// or typed), lines by scanning or searching (each in the sale unit or the base unit, price and line
// discount), order discount, shipping fee, 赊账 (needs a customer), note. 存草稿 saves; 确认订单 saves
// and confirms, which holds the stock. The server answers what is refused: a price beyond a
// clerk's limit (on its line), stock that is short (which product, what is available and held), a
// credit limit (the figures; the owner may let it go with a reason).
import type { ProductView } from '../../../../../typings/api/products';
import type { SalesOrderView } from '../../../../../typings/api/sales';
import type { Shortage } from '../../../../../typings/api/common';
import { orderLines, PricedLine, priceFor } from '../../../../behaviors/order-lines';
import { productPicker } from '../../../../behaviors/product-picker';
import { ApiError, errorMessage } from '../../../../services/api';
import { markChanged } from '../../../../services/changes';
import { queryText, requestIdsOf } from '../../../../services/purchasing';
import { customersService, PickedCustomer } from '../../../../services/customers';
import { addressOf, salesService } from '../../../../services/sales';
import { shopService } from '../../../../services/shop';
import { fenToYuan, yuanToFen } from '../../../../utils/money';

/** lineError: the server's objection to the line too (price limit, short stock) */
interface EditLine extends PricedLine {
  /** line discount, yuan as typed */
  discount: string;
}

interface CreditRefusal {
  message: string;
  creditLimitFen: number;
  receivableFen: number;
  addFen: number;
}

/** A sale's units: the sale unit first (the contract's default), the base unit, then the case it is bought in. */
function saleUnitsOf(p: Pick<ProductView, 'baseUnit' | 'saleUnit' | 'purchaseUnit'>): { name: string; factor: number }[] {
  const units = [{ name: p.baseUnit, factor: 1 }];
  if (p.saleUnit && p.saleUnit.factor > 1) units.unshift({ name: p.saleUnit.name, factor: p.saleUnit.factor });
  if (p.purchaseUnit && p.purchaseUnit.factor > 1 && !units.some((u) => u.name === p.purchaseUnit!.name)) units.push({ name: p.purchaseUnit.name, factor: p.purchaseUnit.factor });
  return units;
}

function lineOfProduct(p: ProductView, unitName?: string): EditLine {
  const units = saleUnitsOf(p);
  const unit = units.find((u) => u.name === unitName) ?? units[0];
  return { key: p._id, productId: p._id, productName: p.name, units, unit: unit.name, qty: 1, price: priceFor(p.salePriceFen, unit.factor), discount: '', basePriceFen: p.salePriceFen, lineError: '' };
}

function lineOfOrder(l: SalesOrderView['lines'][number]): EditLine {
  const units = l.factor > 1 ? [{ name: l.unit, factor: l.factor }, { name: l.baseUnit, factor: 1 }] : [{ name: l.unit, factor: 1 }];
  return { key: l.productId, productId: l.productId, productName: l.productName, units, unit: l.unit, qty: l.qty, price: fenToYuan(l.unitPriceFen), discount: l.discountFen ? fenToYuan(l.discountFen) : '', basePriceFen: l.unitPriceFen / l.factor, lineError: '' };
}

const money = (text: string): number | null => (text.trim() === '' ? 0 : yuanToFen(text));

Component({
  behaviors: [productPicker, orderLines],
  data: {
    id: '',
    no: '',
    loading: false,
    error: '',
    saving: '',
    role: '',
    customerId: '',
    customerName: '',
    addressName: '',
    addressPhone: '',
    addressText: '',
    lines: [] as EditLine[],
    discount: '',
    shippingFee: '',
    onCredit: false,
    note: '',
    /** E_CREDIT_LIMIT answered: the figures, and (owner) the reason to let it go */
    credit: null as CreditRefusal | null,
    overrideReason: '',
  },
  methods: {
    async onLoad(query: { id?: string; customerId?: string; name?: string }) {
      shopService
        .mine()
        .then((m) => this.setData({ role: m.member?.role ?? '' }))
        .catch(() => undefined); // saving reports a failed network
      // 开单 from a customer's page: that customer preselected
      if (query.customerId && !query.id) this.setData({ customerId: query.customerId, customerName: queryText(query.name) });
      if (!query.id) return;
      this.setData({ loading: true, id: query.id });
      wx.setNavigationBarTitle?.({ title: '修改销售单' });
      try {
        const { order } = await salesService.get(query.id);
        if (!order.actions.includes('edit')) {
          this.setData({ loading: false, error: `销售单${order.statusLabel}，不能修改` });
          return;
        }
        this.setData({
          loading: false,
          no: order.no,
          customerId: order.customerId ?? '',
          customerName: order.customerId ? order.customerName : '',
          addressName: order.address?.name ?? '',
          addressPhone: order.address?.phone ?? '',
          addressText: order.address?.address ?? '',
          lines: order.lines.map(lineOfOrder),
          discount: order.discountFen ? fenToYuan(order.discountFen) : '',
          shippingFee: order.shippingFeeFen ? fenToYuan(order.shippingFeeFen) : '',
          onCredit: order.onCredit,
          note: order.note,
        });
      } catch (e) {
        this.setData({ loading: false, error: errorMessage(e) });
      }
    },

    // ---- the customer: the customers page in pick mode hands the choice back (as for 开单)
    openCustomers() {
      wx.navigateTo({ url: '/packages/sales/pages/customers/index?pick=1', events: { picked: (c: PickedCustomer) => this.chooseCustomer(c) } });
    },
    /** A customer chosen: their default address fills the address when none is typed yet. */
    async chooseCustomer(c: Pick<PickedCustomer, '_id' | 'name'>) {
      this.setData({ customerId: c._id, customerName: c.name, error: '', credit: null });
      if (this.data.addressName || this.data.addressPhone || this.data.addressText) return;
      try {
        const address = addressOf((await customersService.detail(c._id, 1, 1)).customer);
        if (address && !this.data.addressName && !this.data.addressPhone && !this.data.addressText) this.setData({ addressName: address.name, addressPhone: address.phone, addressText: address.address });
      } catch {
        // the address is typed instead
      }
    },
    onClearCustomer() {
      this.setData({ customerId: '', customerName: '', onCredit: false, credit: null });
    },

    // ---- simple fields
    onField(e: WechatMiniprogram.CustomEvent) {
      this.setData({ [e.currentTarget.dataset.field as string]: String(e.detail ?? ''), error: '' });
    },
    onCredit(e: WechatMiniprogram.CustomEvent) {
      const on = Boolean(e.detail);
      if (on && !this.data.customerId) {
        this.setData({ error: '赊账需要先选择客户' });
        return;
      }
      this.setData({ onCredit: on, credit: null, error: '' });
    },

    // ---- lines: scan, search and pick (product-picker), edit (order-lines); a scanned case adds a case
    newLine(p: ProductView, pack?: { name: string; factor: number }): EditLine {
      return lineOfProduct(p, pack?.name);
    },

    // ---- save and confirm
    /** The order as the contract wants it, or null after showing what is missing. */
    orderInput() {
      const d = this.data;
      if (d.lines.length === 0) return this.refuse('请扫码或搜索添加商品');
      if (d.onCredit && !d.customerId) return this.refuse('赊账需要先选择客户');
      const lines = [];
      for (const [i, l] of d.lines.entries()) {
        const price = yuanToFen(l.price);
        const discount = money(l.discount);
        if (price === null || discount === null) {
          this.setData({ [`lines[${i}].lineError`]: '请输入正确的金额' });
          return this.refuse(`「${l.productName}」的${price === null ? '单价' : '优惠'}不正确`);
        }
        lines.push({ productId: l.productId, unit: l.unit, qty: l.qty, unitPriceFen: price, discountFen: discount });
      }
      const discountFen = money(d.discount);
      const shippingFeeFen = money(d.shippingFee);
      if (discountFen === null || shippingFeeFen === null) return this.refuse(`${discountFen === null ? '整单优惠' : '运费'}不正确`);
      const typed = [d.addressName, d.addressPhone, d.addressText].map((x) => x.trim());
      if (typed.some(Boolean) && !typed.every(Boolean)) return this.refuse('请填写完整的收货人、电话和地址（或都不填）');
      return {
        customerId: d.customerId || undefined,
        lines,
        discountFen,
        shippingFeeFen,
        onCredit: d.onCredit,
        address: typed.every(Boolean) ? { name: typed[0], phone: typed[1], address: typed[2] } : null,
        note: d.note.trim(),
      };
    },
    refuse(error: string): null {
      this.setData({ error });
      return null;
    },
    async save(): Promise<SalesOrderView | null> {
      const input = this.orderInput();
      if (!input) return null;
      const order = this.data.id
        ? await salesService.update({ id: this.data.id, ...input })
        : await requestIdsOf(this).run('create', (requestId) => salesService.create({ requestId, ...input }));
      this.setData({ id: order._id, no: order.no });
      return order;
    },
    async onSaveDraft() {
      if (this.data.saving) return;
      this.setData({ saving: 'draft', error: '', credit: null });
      try {
        const order = await this.save();
        this.setData({ saving: '' });
        if (!order) return;
        wx.showToast({ title: '草稿已保存', icon: 'success' });
        wx.redirectTo({ url: `/packages/sales/pages/order-detail/index?id=${encodeURIComponent(order._id)}` });
      } catch (e) {
        this.setData({ saving: '' });
        this.showRefusal(e);
      }
    },
    onOverrideReason(e: WechatMiniprogram.CustomEvent) {
      this.setData({ overrideReason: String(e.detail ?? '') });
    },
    /** 确认订单: saves, then confirms (holds the stock); the owner's reason lets a credit limit go. */
    async onConfirm() {
      if (this.data.saving) return;
      const override = this.data.credit && this.data.role === 'owner' ? this.data.overrideReason.trim() : '';
      if (this.data.credit && this.data.role === 'owner' && !override) {
        this.setData({ error: '请填写放行的原因' });
        return;
      }
      this.setData({ saving: 'confirm', error: '' });
      try {
        const order = await this.save();
        if (!order) {
          this.setData({ saving: '' });
          return;
        }
        await requestIdsOf(this).run('confirm', (requestId) => salesService.confirm(order._id, requestId, override ? { reason: override } : undefined));
        this.setData({ saving: '', credit: null });
        markChanged(order.lines.map((l) => l.productId));
        wx.showToast({ title: '已确认，库存已预留', icon: 'none' });
        wx.redirectTo({ url: `/packages/sales/pages/order-detail/index?id=${encodeURIComponent(order._id)}` });
      } catch (e) {
        this.setData({ saving: '' });
        this.showRefusal(e);
      }
    },
    /** The server's refusal where the user looks: on the line it names, the credit figures, or on top. */
    showRefusal(e: unknown) {
      const patch: Record<string, unknown> = { error: errorMessage(e) };
      if (e instanceof ApiError && e.code === 'E_PRICE_LIMIT') {
        const line = (e.details as { line?: number } | undefined)?.line;
        if (typeof line === 'number' && this.data.lines[line]) patch[`lines[${line}].lineError`] = e.message;
      }
      if (e instanceof ApiError && e.code === 'E_INSUFFICIENT_STOCK' && Array.isArray(e.details)) {
        for (const s of e.details as Shortage[]) {
          const i = this.data.lines.findIndex((l) => l.productId === s.productId);
          if (i < 0) continue;
          const unit = this.data.lines[i].units[this.data.lines[i].units.length - 1].name;
          patch[`lines[${i}].lineError`] = `可用 ${s.available}${unit}${s.reserved ? `（另有 ${s.reserved}${unit} 已被其他订单预留）` : ''}，需要 ${s.requested}${unit}`;
        }
      }
      if (e instanceof ApiError && e.code === 'E_CREDIT_LIMIT') {
        const d = e.details as { creditLimitFen: number; receivableFen: number; addFen: number };
        patch.credit = { message: e.message, creditLimitFen: d.creditLimitFen, receivableFen: d.receivableFen, addFen: d.addFen };
        patch.error = '';
      }
      this.setData(patch);
    },
  },
});
