// Sales orders: a chat agreed, paid by transfer, shipped by express. Confirmation holds the stock
// (reservations on the balances, in the step's transaction); each shipment posts a sale through
// the engine and releases what it ships in the same transaction; payments and shipments of a
// credit order move what the customer owes, within their credit limit unless the owner overrides.
import { schemas } from '../../typings/api';
import type { Posting, Product, SalesOrder, Shop } from '../../typings/models';
import { fenToYuan } from '../../miniprogram/utils/money';
import { audit, auditCreate } from '../core/audit';
import type { Tx } from '../core/db';
import { AppError } from '../core/errors';
import { escapeRegExp, pageOf } from '../core/query';
import { action, MemberContext } from '../core/router';
import { loadShop, resolveWarehouse } from '../core/shop';
import { createOnce } from '../documents/create';
import { guardStep, ownDocument, runStep } from '../documents/machine';
import { nextNumber } from '../documents/numbering';
import { chinaDay, EngineLine, fingerprintOf, post, postingId, reserveInTx } from '../posting/engine';
import { buildSalesLines, lineProduct, OPEN_SALES_STATUSES, owedOf, paymentStatusOf, SALES_ORDER, SalesLineInput, salesOrderRow, salesOrderView, salesSearchText, shippedAmount } from '../sales/orders';
import { customerPaymentDoc } from '../customers/ledger';
import { owedAfter } from '../stock/receivables';
import { postingView } from '../stock/views';
import { getOwnParty } from './parties';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;

const operator = (ctx: MemberContext) => ({ openid: ctx.openid, name: ctx.member.name });

async function getOwnOrder(ctx: MemberContext, id: string): Promise<SalesOrder> {
  return ownDocument(await ctx.db.getById<SalesOrder>('sales_orders', id), ctx, '销售单');
}

interface OrderInput {
  customerId?: string;
  warehouseId?: string;
  lines: SalesLineInput[];
  discountFen: number;
  shippingFeeFen: number;
  onCredit: boolean;
  address: SalesOrder['address'];
  note: string;
}

/** The order's content from what was typed: customer, warehouse, priced lines, total. */
async function contentOf(ctx: MemberContext, shop: Shop, input: OrderInput) {
  const [customer, built] = await Promise.all([
    input.customerId ? getOwnParty(ctx, 'customers', input.customerId) : Promise.resolve(null),
    buildSalesLines(ctx, input.lines, input.discountFen, shop.settings),
  ]);
  if (customer?.archived) throw new AppError('E_INVALID_STATE', `客户「${customer.name}」已停用`);
  const wh = resolveWarehouse(shop, input.warehouseId);
  return {
    customerId: customer?._id ?? null,
    customerName: customer?.name ?? '散客',
    warehouseId: wh.id,
    lines: built.lines,
    productIds: built.lines.map((l) => l.productId),
    discountFen: input.discountFen,
    shippingFeeFen: input.shippingFeeFen,
    totalFen: built.goodsFen + input.shippingFeeFen,
    onCredit: input.onCredit,
    address: input.address,
    note: input.note,
  };
}

/** The customer's credit limit against what this order could add, read in the step's transaction. */
async function checkCredit(tx: Tx, o: SalesOrder, addFen: number, override: boolean): Promise<void> {
  if (!o.onCredit || !o.customerId || addFen <= 0) return;
  owedAfter(await tx.get<Record<string, unknown>>('customers', o.customerId), o.customerId, o.shopId, addFen, override);
}

/** A step that holds or releases the order's stock in its own transaction (confirm, cancel, close). */
function releaseAll(shop: Shop) {
  return async (tx: Tx, o: SalesOrder) => {
    const lines = o.lines.filter((l) => l.reservedBaseQty > 0).map((l) => ({ product: lineProduct(l), warehouseId: o.warehouseId, delta: -l.reservedBaseQty }));
    if (lines.length) await reserveInTx(tx, { shopId: shop._id, allowNegativeStock: shop.settings.allowNegativeStock, lines });
    o.lines = o.lines.map((l) => ({ ...l, reservedBaseQty: 0 }));
  };
}

function closingStep(name: 'cancel' | 'close', roles: readonly ('owner' | 'manager' | 'clerk')[]) {
  return action(roles, schemas[`sales.${name}`], async (ctx, input) => {
    const shop = await loadShop(ctx);
    return salesOrderView(await runStep(ctx, SALES_ORDER, input.id, name, input.requestId, input.note, undefined, releaseAll(shop)), ctx.member.role);
  });
}

export const salesActions = {
  'sales.create': action(ALL, schemas['sales.create'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const { requestId, ...asked } = input;
    const order = await createOnce(ctx, SALES_ORDER, `${shop._id}_${requestId}`, fingerprintOf(asked), () => contentOf(ctx, shop, input), async (tx, now, content): Promise<SalesOrder> => {
      const doc: SalesOrder = {
        _id: `${shop._id}_${requestId}`,
        shopId: shop._id,
        no: await nextNumber(tx, shop._id, 'XS', now),
        ...content,
        status: 'draft',
        paymentStatus: paymentStatusOf(0, content.totalFen),
        paidFen: 0,
        payments: [],
        shippedFen: 0,
        shipments: [],
        creditOverride: null,
        createdBy: operator(ctx),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        history: [{ action: 'create', label: '创建', from: '', to: 'draft', by: operator(ctx), at: now.toISOString(), requestId, note: '', postingId: null }],
        searchText: '',
      };
      doc.searchText = salesSearchText(doc);
      return doc;
    });
    return salesOrderView(order, ctx.member.role);
  }),

  'sales.update': action(ALL, schemas['sales.update'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const content = await contentOf(ctx, shop, input);
    const order = await ctx.db.transaction(async (tx) => {
      const current = ownDocument(await tx.get<SalesOrder>('sales_orders', input.id), ctx, '销售单');
      if (current.status !== 'draft') throw new AppError('E_INVALID_STATE', `销售单${SALES_ORDER.statusLabels[current.status]}，不能修改`, { status: current.status });
      if (current.paidFen > content.totalFen) throw new AppError('E_VALIDATION', `已收款 ¥${fenToYuan(current.paidFen)}，改后的合计不能更少`);
      const next: SalesOrder = { ...current, _id: input.id, ...content, paymentStatus: paymentStatusOf(current.paidFen, content.totalFen), updatedAt: new Date().toISOString() };
      next.searchText = salesSearchText(next);
      await tx.set('sales_orders', input.id, next as unknown as Record<string, unknown>);
      return next;
    });
    return salesOrderView(order, ctx.member.role);
  }),

  'sales.confirm': action(ALL, schemas['sales.confirm'], async (ctx, input) => {
    if (input.override && ctx.member.role !== 'owner') throw new AppError('E_FORBIDDEN', '只有店主可以放行超出赊账额度的订单');
    const shop = await loadShop(ctx);
    const order = await runStep(ctx, SALES_ORDER, input.id, 'confirm', input.requestId, input.note, undefined, async (tx, o) => {
      const lines = o.lines.map((l) => ({ product: lineProduct(l), warehouseId: o.warehouseId, delta: l.baseQty - l.shippedBaseQty }));
      // What this order could leave owed must fit the customer's credit limit (or the owner says so).
      await Promise.all([
        reserveInTx(tx, { shopId: shop._id, allowNegativeStock: shop.settings.allowNegativeStock, lines }),
        checkCredit(tx, o, o.totalFen - o.paidFen, Boolean(input.override)),
      ]);
      o.lines = o.lines.map((l) => ({ ...l, reservedBaseQty: l.baseQty - l.shippedBaseQty }));
      if (input.override) {
        o.creditOverride = { reason: input.override.reason, by: ctx.member.name };
        await audit(tx, ctx, { kind: 'override', action: '特批赊账', target: { id: o._id, name: o.no }, note: input.override.reason });
      }
    });
    return salesOrderView(order, ctx.member.role);
  }),

  'sales.pay': action(ALL, schemas['sales.pay'], async (ctx, input) => {
    const order = await runStep(ctx, SALES_ORDER, input.id, 'pay', input.requestId, input.note, undefined, async (tx, o) => {
      if (o.paidFen + input.amountFen > o.totalFen) throw new AppError('E_VALIDATION', `最多还能收 ¥${fenToYuan(o.totalFen - o.paidFen)}`);
      const owedBefore = owedOf(o);
      o.paidFen += input.amountFen;
      o.paymentStatus = paymentStatusOf(o.paidFen, o.totalFen);
      o.payments = [...o.payments, { requestId: input.requestId, method: input.method, amountFen: input.amountFen, note: input.note, by: operator(ctx), at: new Date().toISOString() }];
      // Paying a credit order's shipped goods takes it off what the customer owes.
      const change = owedOf(o) - owedBefore;
      if (change !== 0 && o.customerId) {
        const customer = owedAfter(await tx.get<Record<string, unknown>>('customers', o.customerId), o.customerId, o.shopId, change);
        // The customer's statement reads payments from customer_payments: this one is there too.
        await Promise.all([
          tx.set('customers', o.customerId, customer!),
          tx.set('customer_payments', `${o.shopId}_${input.requestId}`, customerPaymentDoc(ctx, o.customerId, -change, input.method, `订单 ${o.no}`)),
        ]);
      }
    });
    return salesOrderView(order, ctx.member.role);
  }),

  'sales.ship': action(ALL, schemas['sales.ship'], async (ctx, input) => {
    if (input.override && ctx.member.role !== 'owner') throw new AppError('E_FORBIDDEN', '只有店主可以放行超出赊账额度的订单');
    const [shop, order] = await Promise.all([loadShop(ctx), getOwnOrder(ctx, input.id)]);
    const pid = postingId(shop._id, input.requestId);
    const done = order.shipments.find((s) => s.requestId === input.requestId);
    if (done) return { order: salesOrderView(order, ctx.member.role), posting: postingView((await ctx.db.getById<Posting>('postings', pid))!, new Map(order.lines.map((l) => [l.productId, l.baseUnit])), ctx.member.role, true) };
    // What leaves: the lines named (in their unit or the order's), or everything still to send.
    const wanted = new Map<string, number>();
    for (const [i, l] of (input.lines ?? []).entries()) {
      const line = order.lines.find((x) => x.lineId === l.lineId);
      if (!line) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：销售单没有这一行`, { line: i });
      const factor = !l.unit || l.unit === line.unit ? line.factor : l.unit === line.baseUnit ? 1 : null;
      if (factor === null) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：「${line.productName}」只能按${line.unit}或${line.baseUnit}发货`, { line: i });
      wanted.set(line.lineId, (wanted.get(line.lineId) ?? 0) + l.qty * factor);
    }
    const plan = order.lines
      .map((l) => ({ line: l, qty: input.lines ? wanted.get(l.lineId) ?? 0 : l.baseQty - l.shippedBaseQty }))
      .filter((p) => p.qty > 0);
    if (plan.length === 0) throw new AppError('E_VALIDATION', '没有要发货的商品');
    for (const p of plan) {
      const left = p.line.baseQty - p.line.shippedBaseQty;
      if (p.qty > left) throw new AppError('E_VALIDATION', `「${p.line.productName}」最多还能发 ${left}${p.line.baseUnit}`, { lineId: p.line.lineId });
    }
    const goodsFen = plan.reduce((s, p) => s + shippedAmount(p.line, p.line.shippedBaseQty, p.line.shippedBaseQty + p.qty), 0);
    const amountFen = goodsFen + (order.shipments.length === 0 ? order.shippingFeeFen : 0);
    const lines: EngineLine[] = plan.map((p) => ({
      product: lineProduct(p.line),
      warehouseId: order.warehouseId,
      qty: -p.qty,
      reserve: -Math.min(p.qty, p.line.reservedBaseQty),
      amountFen: shippedAmount(p.line, p.line.shippedBaseQty, p.line.shippedBaseQty + p.qty),
    }));
    const now = new Date().toISOString();
    let written: SalesOrder | null = null;
    let owedChange = 0;
    let lastMethod = order.payments[order.payments.length - 1]?.method ?? 'wechat';
    const guard = guardStep(ctx, SALES_ORDER, order._id, 'ship', input.requestId, pid, (o) => {
      lastMethod = o.payments[o.payments.length - 1]?.method ?? 'wechat';
      const next: SalesOrder = { ...o, lines: o.lines.map((l) => ({ ...l })) };
      for (const p of plan) {
        const l = next.lines.find((x) => x.lineId === p.line.lineId)!;
        if (l.shippedBaseQty + p.qty > l.baseQty) throw new AppError('E_CONFLICT', '销售单刚被别人发过货，请刷新');
        l.shippedBaseQty += p.qty;
        l.reservedBaseQty = Math.max(0, l.reservedBaseQty - p.qty);
      }
      const owedBefore = owedOf(next);
      next.shippedFen += amountFen;
      owedChange = owedOf(next) - owedBefore;
      if (!next.onCredit && next.paidFen < next.shippedFen) {
        throw new AppError('E_INVALID_STATE', `还没收齐款：已收 ¥${fenToYuan(next.paidFen)}，这次发货后共发出 ¥${fenToYuan(next.shippedFen)}。请先收款，或把订单设为赊账`);
      }
      next.shipments = [...next.shipments, { requestId: input.requestId, postingId: pid, carrier: input.carrier, trackingNo: input.trackingNo, lines: plan.map((p) => ({ lineId: p.line.lineId, baseQty: p.qty })), amountFen, by: operator(ctx), at: now }];
      next.searchText = salesSearchText(next);
      return next;
    }, input.trackingNo ? `${input.carrier} ${input.trackingNo}`.trim() : input.note);
    // Computed by the order guard just before: what this shipment leaves the customer owing.
    const customerGuard = order.onCredit && order.customerId
      ? [{ coll: 'customers', id: order.customerId, apply: (doc: Record<string, unknown> | null) => owedAfter(doc, order.customerId!, shop._id, owedChange, Boolean(input.override) || order.creditOverride !== null) }]
      : [];
    const { posting, replayed } = await post(ctx.db, {
      shopId: shop._id,
      allowNegativeStock: shop.settings.allowNegativeStock,
      requestId: input.requestId,
      type: 'sale',
      operator: operator(ctx),
      fingerprint: fingerprintOf({ type: 'sales_order_ship', ...input }),
      source: { kind: 'sales_order', id: order._id, no: order.no },
      partyId: order.customerId,
      note: input.trackingNo ? `${order.no} ${input.carrier} ${input.trackingNo}`.trim() : order.no,
      amountFen,
      // The split as the order is in the transaction (a payment may have landed since it was read).
      payment: () => ({ method: order.onCredit ? 'credit' : lastMethod, paidFen: amountFen - Math.max(0, owedChange), discountFen: 0, owedFen: Math.max(0, owedChange), changeFen: 0 }),
      lines,
      creates: input.override ? [auditCreate(ctx, { kind: 'override', action: '特批赊账', target: { id: order._id, name: order.no }, note: input.override.reason })] : [],
      // The order as the transaction wrote it (status included), for the answer.
      guards: [{ ...guard, apply: (current) => (written = { ...(guard.apply(current) as unknown as SalesOrder), _id: order._id }) as unknown as Record<string, unknown> }, ...customerGuard],
    });
    const after = replayed || !written ? await getOwnOrder(ctx, order._id) : (written as SalesOrder);
    return { order: salesOrderView(after, ctx.member.role), posting: postingView(posting, new Map(order.lines.map((l) => [l.productId, l.baseUnit])), ctx.member.role, replayed) };
  }),

  'sales.complete': action(ALL, schemas['sales.complete'], async (ctx, input) => salesOrderView(await runStep(ctx, SALES_ORDER, input.id, 'complete', input.requestId, input.note), ctx.member.role)),
  'sales.cancel': closingStep('cancel', MANAGERS),
  'sales.close': closingStep('close', MANAGERS),

  'sales.list': action(ALL, schemas['sales.list'], async (ctx, input) => {
    const _ = ctx.db.command;
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (input.status === 'open') where.status = _.in(OPEN_SALES_STATUSES);
    else if (input.status !== 'all') where.status = input.status;
    if (input.paymentStatus === 'due') {
      where.paymentStatus = _.in(['unpaid', 'partially_paid']);
      if (input.status === 'all') where.status = _.neq('cancelled');
    } else if (input.paymentStatus !== 'all') where.paymentStatus = input.paymentStatus;
    if (input.customerId) where.customerId = input.customerId;
    if (input.period !== 'all') where.createdAt = _.gte(periodStart(input.period, ctx.requestNow));
    if (input.keyword) where.searchText = ctx.db.regExp(escapeRegExp(input.keyword.toLowerCase()), '');
    const rows = await ctx.db.find<SalesOrder>('sales_orders', where, { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1, fields: { history: false, payments: false, shipments: false } });
    const paged = pageOf(rows, input.page, input.pageSize);
    return { ...paged, items: paged.items.map((o) => salesOrderRow({ ...o, payments: [], shipments: [], history: [] }, ctx.member.role)) };
  }),

  'sales.get': action(ALL, schemas['sales.get'], async (ctx, input) => {
    const order = await getOwnOrder(ctx, input.id);
    const shipmentIds = order.shipments.map((s) => s.postingId);
    const [postings, returns] = await Promise.all([
      ctx.db.getMany<Posting>('postings', shipmentIds),
      // Returns and exchanges made from its shipments (one indexed query).
      shipmentIds.length
        ? ctx.db.find<Posting>('postings', { shopId: order.shopId, 'source.id': ctx.db.command.in(shipmentIds), type: ctx.db.command.in(['sale_return', 'exchange']) }, { orderBy: [['createdAt', 'asc']], limit: 100 })
        : Promise.resolve([]),
    ]);
    const foreign = [...new Set(returns.flatMap((p) => p.productIds))].filter((id) => !order.productIds.includes(id));
    const units = new Map(order.lines.map((l) => [l.productId, l.baseUnit]));
    if (foreign.length) for (const p of await ctx.db.getMany<Product>('products', foreign)) units.set(p._id, p.baseUnit);
    const byId = new Map(postings.map((p) => [p._id, p]));
    return {
      order: salesOrderView(order, ctx.member.role),
      shipments: order.shipments.map((s) => byId.get(s.postingId)).filter((p): p is Posting => Boolean(p)).map((p) => postingView(p, units, ctx.member.role)),
      returns: returns.map((p) => postingView(p, units, ctx.member.role)),
    };
  }),
};

/** What a shipment of `amountFen` leaves owed on a credit order, from the order as read before posting. */
/** The start of today or of this week (Monday), China time, as the instant stored in createdAt. */
export function periodStart(period: 'today' | 'week', now: Date): string {
  const day = chinaDay(now);
  const start = new Date(`${day}T00:00:00+08:00`);
  if (period === 'week') start.setUTCDate(start.getUTCDate() - ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));
  return start.toISOString();
}
