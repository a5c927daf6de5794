// Purchasing: purchase orders (a document with a status machine over the posting engine),
// receipts against them, purchase returns, payments to suppliers and what the shop owes them.
import type { PurchaseOrderView } from '../../typings/api/purchasing';
import { schemas } from '../../typings/api';
import type { Posting, Product, PurchaseOrder, ReplenishmentRecord, Role, Shop } from '../../typings/models';
import { AppError } from '../core/errors';
import { escapeRegExp, pageOf } from '../core/query';
import { action, MemberContext } from '../core/router';
import { canSeeCost, loadShop, resolveWarehouse } from '../core/shop';
import { ownDocument, runStep } from '../documents/machine';
import { nextNumber } from '../documents/numbering';
import { chinaDay, fingerprintOf, post, postingId, replayOf } from '../posting/engine';
import { buildOrderLines, needsApproval, OPEN_STATUSES, orderSearchText, orderView, PURCHASE_ORDER } from '../purchasing/orders';
import { payableRows, payablesBySupplier, supplierStatement } from '../purchasing/payables';
import { planReceipt, receiveGuard } from '../purchasing/receive';
import { planFree, planFromReceipt, receivedFromSupplier, SupplierReturnsDoc, supplierReturnsGuard, supplierReturnsId } from '../purchasing/returns';
import { scorecard, supplierHistory } from '../purchasing/scorecard';
import { refuseUnconfirmedExpired } from '../stock/inbound';
import { resolveLines } from '../stock/lines';
import { postingView } from '../stock/views';
import { getOwnParty } from './parties';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;

const orderId = (shopId: string, requestId: string) => `${shopId}_${requestId}`;
const operator = (ctx: MemberContext) => ({ openid: ctx.openid, name: ctx.member.name });

async function getOwnOrder(ctx: MemberContext, id: string): Promise<PurchaseOrder> {
  return ownDocument(await ctx.db.getById<PurchaseOrder>('purchase_orders', id), ctx, '采购单');
}

interface DraftInput {
  supplierId: string;
  warehouseId?: string;
  note: string;
  lines: Parameters<typeof buildOrderLines>[1];
}

/** A supplier the shop still buys from. */
async function activeSupplier(ctx: MemberContext, id: string) {
  const supplier = await getOwnParty(ctx, 'suppliers', id);
  if (supplier.archived) throw new AppError('E_INVALID_STATE', `供应商「${supplier.name}」已停用，请先启用或换一个供应商`);
  return supplier;
}

/**
 * A draft order with its number, created once per request id: a retry answers the same order
 * (even if the supplier was archived since); the same id with another body is refused.
 */
async function createDraft(ctx: MemberContext, shop: Shop, id: string, input: DraftInput): Promise<PurchaseOrder> {
  const fingerprint = fingerprintOf(input);
  const existing = await ctx.db.getById<PurchaseOrder & { fingerprint?: string }>('purchase_orders', id);
  if (existing) return sameRequest(existing, fingerprint);
  const [supplier, built] = await Promise.all([activeSupplier(ctx, input.supplierId), buildOrderLines(ctx, input.lines)]);
  const wh = resolveWarehouse(shop, input.warehouseId);
  return ctx.db.transaction(async (tx) => {
    const raced = await tx.get<PurchaseOrder & { fingerprint?: string }>('purchase_orders', id);
    if (raced) return sameRequest({ ...raced, _id: id }, fingerprint);
    const now = new Date();
    const no = await nextNumber(tx, shop._id, 'CG', now);
    const order: PurchaseOrder & { fingerprint: string } = {
      _id: id,
      shopId: shop._id,
      no,
      supplierId: supplier._id,
      supplierName: supplier.name,
      warehouseId: wh.id,
      status: 'draft',
      lines: built.lines,
      productIds: built.lines.map((l) => l.productId),
      totalFen: built.totalFen,
      note: input.note,
      needsApproval: needsApproval(built.totalFen, ctx.member.role, shop.settings),
      createdBy: operator(ctx),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      approvedAt: null,
      history: [{ action: 'create', label: '创建', from: '', to: 'draft', by: operator(ctx), at: now.toISOString(), requestId: id, note: '', postingId: null }],
      searchText: '',
      fingerprint,
    };
    order.searchText = orderSearchText(order);
    await tx.set('purchase_orders', id, order as unknown as Record<string, unknown>);
    return order;
  });
}

function sameRequest(existing: PurchaseOrder & { fingerprint?: string }, fingerprint: string): PurchaseOrder {
  if (existing.fingerprint && existing.fingerprint !== fingerprint) throw new AppError('E_DUPLICATE', '这个请求编号已用于另一张采购单，请刷新后重新提交');
  const { fingerprint: _f, ...order } = existing;
  void _f;
  return order;
}

/** A step that moves no goods; approval (or its absence) is recorded with who and when. */
function stepAction(name: 'submit' | 'approve' | 'reject' | 'cancel' | 'close', roles: readonly ('owner' | 'manager' | 'clerk')[]) {
  return action(roles, schemas[`purchase.${name}`], async (ctx, input): Promise<PurchaseOrderView> => {
    const shop = name === 'submit' ? await loadShop(ctx) : null;
    const order = await runStep(ctx, PURCHASE_ORDER, input.id, name, input.requestId, input.note, (o) => {
      if (name === 'submit') {
        const approval = needsApproval(o.totalFen, ctx.member.role, shop!.settings);
        return { needsApproval: approval, approvedAt: approval ? null : new Date().toISOString() };
      }
      if (name === 'approve') return { approvedAt: new Date().toISOString() };
      return {};
    });
    return orderView(order, ctx.member.role);
  });
}

/** An order as a list row: no lines, received share, no total for clerks. */
function orderRow(o: PurchaseOrder, role: Role) {
  const ordered = o.lines.reduce((s, l) => s + l.baseQty, 0);
  const received = o.lines.reduce((s, l) => s + Math.min(l.receivedBaseQty, l.baseQty), 0);
  return {
    _id: o._id,
    no: o.no,
    supplierId: o.supplierId,
    supplierName: o.supplierName,
    status: o.status,
    statusLabel: PURCHASE_ORDER.statusLabels[o.status],
    ...(canSeeCost(role) ? { totalFen: o.totalFen } : {}),
    createdAt: o.createdAt,
    note: o.note,
    lineCount: o.lines.length,
    receivedPct: ordered ? Math.floor((received * 100) / ordered) : 0,
  };
}

export const purchasingActions = {
  'purchase.create': action(MANAGERS, schemas['purchase.create'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    return orderView(await createDraft(ctx, shop, orderId(shop._id, input.requestId), input), ctx.member.role);
  }),

  'purchase.update': action(MANAGERS, schemas['purchase.update'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const [supplier, built] = await Promise.all([activeSupplier(ctx, input.supplierId), buildOrderLines(ctx, input.lines)]);
    const wh = resolveWarehouse(shop, input.warehouseId);
    const order = await ctx.db.transaction(async (tx) => {
      const raw = await tx.get<PurchaseOrder>('purchase_orders', input.id);
      const current = ownDocument(raw ? { ...raw, _id: input.id } : null, ctx, '采购单');
      if (current.status !== 'draft') throw new AppError('E_INVALID_STATE', `采购单${PURCHASE_ORDER.statusLabels[current.status]}，只有草稿可以修改`, { status: current.status });
      const next: PurchaseOrder = {
        ...current,
        supplierId: supplier._id,
        supplierName: supplier.name,
        warehouseId: wh.id,
        lines: built.lines,
        productIds: built.lines.map((l) => l.productId),
        totalFen: built.totalFen,
        note: input.note,
        needsApproval: needsApproval(built.totalFen, ctx.member.role, shop.settings),
        updatedAt: new Date().toISOString(),
      };
      next.searchText = orderSearchText(next);
      await tx.set('purchase_orders', input.id, next as unknown as Record<string, unknown>);
      return next;
    });
    return orderView(order, ctx.member.role);
  }),

  'purchase.submit': stepAction('submit', MANAGERS),
  'purchase.approve': stepAction('approve', ['owner']),
  'purchase.reject': stepAction('reject', ['owner']),
  'purchase.cancel': stepAction('cancel', MANAGERS),
  'purchase.close': stepAction('close', MANAGERS),

  'purchase.receive': action(ALL, schemas['purchase.receive'], async (ctx, input) => {
    const [shop, order] = await Promise.all([loadShop(ctx), getOwnOrder(ctx, input.orderId)]);
    const plan = await planReceipt(ctx, order, input.lines);
    refuseUnconfirmedExpired(plan.resolved, ctx.requestNow, input.confirmExpired);
    const pid = postingId(shop._id, input.requestId);
    const { requestId, ...asked } = input;
    const approved = order.approvedAt ? chinaDay(new Date(order.approvedAt)) : null;
    const leadDays = approved ? Math.max(0, Math.round((Date.parse(chinaDay(ctx.requestNow)) - Date.parse(approved)) / 86_400_000)) : null;
    // The order as the transaction wrote it (a replay reads it again).
    let written: PurchaseOrder | null = null;
    const guard = receiveGuard(ctx, order, plan, shop.settings, requestId, pid);
    const { posting, replayed } = await post(ctx.db, {
      shopId: shop._id,
      allowNegativeStock: shop.settings.allowNegativeStock,
      requestId,
      type: 'purchase_receipt',
      operator: operator(ctx),
      fingerprint: fingerprintOf({ type: 'purchase_receipt', ...asked }),
      source: { kind: 'purchase_order', id: order._id, no: order.no },
      partyId: order.supplierId,
      note: input.note,
      leadDays,
      lines: plan.lines,
      guards: [{ ...guard, apply: (current) => (written = { ...(guard.apply(current) as unknown as PurchaseOrder), _id: order._id }) as unknown as Record<string, unknown> }],
    });
    const units = new Map(plan.lines.map((l) => [l.product._id, l.product.baseUnit]));
    const after = replayed || !written ? await getOwnOrder(ctx, order._id) : written;
    return { posting: postingView(posting, units, ctx.member.role, replayed), order: orderView(after, ctx.member.role) };
  }),

  'purchase.return': action(MANAGERS, schemas['purchase.return'], async (ctx, input) => {
    const [shop, lines] = await Promise.all([loadShop(ctx), resolveLines(ctx, input.lines, { allowArchived: true })]);
    const receipt = input.receiptId ? await ctx.db.getById<Posting>('postings', input.receiptId) : null;
    if (input.receiptId && (!receipt || receipt.shopId !== shop._id || receipt.type !== 'purchase_receipt')) throw new AppError('E_NOT_FOUND', '原入库单不存在');
    if (receipt && !receipt.partyId) throw new AppError('E_VALIDATION', '这张入库单没有记录供应商，不能按单退货：请选择供应商退货，或用库存调整');
    if (receipt && input.supplierId && input.supplierId !== receipt.partyId) throw new AppError('E_VALIDATION', '退货的供应商与原入库单不一致');
    const supplierId = (receipt?.partyId ?? input.supplierId)!;
    const { requestId, ...asked } = input;
    const fingerprint = fingerprintOf({ type: 'purchase_return', ...asked });
    // A retry of a return already posted is answered before planning from the state it changed.
    const replayed = await replayOf(ctx.db, shop._id, requestId, 'purchase_return', fingerprint);
    if (replayed) return postingView(replayed, new Map(lines.map((l) => [l.product._id, l.product.baseUnit])), ctx.member.role, true);
    const supplier = await getOwnParty(ctx, 'suppliers', supplierId);
    const warehouseId = input.warehouseId ? resolveWarehouse(shop, input.warehouseId).id : null;
    const fromReceipt = receipt ? await planFromReceipt(ctx, receipt, lines, warehouseId) : null;
    const engineLines = fromReceipt ? fromReceipt.lines : await planFree(ctx, supplier, lines, warehouseId ?? resolveWarehouse(shop).id);
    const qtyByProduct = new Map<string, number>();
    for (const l of lines) qtyByProduct.set(l.product._id, (qtyByProduct.get(l.product._id) ?? 0) + l.baseQty);
    const [received, seen] = await Promise.all([
      receivedFromSupplier(ctx, supplier._id, [...qtyByProduct.keys()]),
      ctx.db.getById<SupplierReturnsDoc>('purchase_returns', supplierReturnsId(shop._id, supplier._id)),
    ]);
    const products = new Map<string, Product>(lines.map((l) => [l.product._id, l.product]));
    const { posting, replayed: again } = await post(ctx.db, {
      shopId: shop._id,
      allowNegativeStock: shop.settings.allowNegativeStock,
      requestId,
      type: 'purchase_return',
      operator: operator(ctx),
      fingerprint,
      source: receipt ? { kind: 'purchase_receipt', id: receipt._id, no: receipt.source.no } : { kind: 'purchase_return', id: null, no: null },
      partyId: supplier._id,
      note: input.note,
      lines: engineLines,
      // Expired goods going back to the supplier is exactly what a return is for.
      allowExpired: true,
      guards: [supplierReturnsGuard(shop._id, supplier._id, qtyByProduct, received, products, seen?.receiptsVersion ?? 0), ...(fromReceipt ? [fromReceipt.guard] : [])],
    });
    return postingView(posting, new Map(engineLines.map((l) => [l.product._id, l.product.baseUnit])), ctx.member.role, again);
  }),

  'purchase.pay': action(MANAGERS, schemas['purchase.pay'], async (ctx, input) => {
    const supplier = await getOwnParty(ctx, 'suppliers', input.supplierId);
    const id = `${ctx.member.shopId}_${input.requestId}`;
    const replayed = await ctx.db.transaction(async (tx) => {
      const existing = await tx.get<{ supplierId: string; amountFen: number }>('supplier_payments', id);
      if (existing) {
        if (existing.supplierId !== input.supplierId || existing.amountFen !== input.amountFen) throw new AppError('E_DUPLICATE', '这个请求编号已用于另一笔付款，请刷新后重新提交');
        return true;
      }
      await tx.set('supplier_payments', id, { shopId: ctx.member.shopId, supplierId: supplier._id, amountFen: input.amountFen, method: input.method, note: input.note, by: operator(ctx), createdAt: new Date() });
      return false;
    });
    const payable = (await payablesBySupplier(ctx, [supplier._id])).get(supplier._id) ?? 0;
    return { paymentId: id, supplierId: supplier._id, amountFen: input.amountFen, method: input.method, payableFen: payable, replayed };
  }),

  'purchase.list': action(ALL, schemas['purchase.list'], async (ctx, input) => {
    const _ = ctx.db.command;
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (input.status === 'open') where.status = _.in(OPEN_STATUSES);
    else if (input.status !== 'all') where.status = input.status;
    if (input.supplierId) where.supplierId = input.supplierId;
    if (input.keyword) where.searchText = ctx.db.regExp(escapeRegExp(input.keyword.toLowerCase()), '');
    const rows = await ctx.db.find<PurchaseOrder>('purchase_orders', where, {
      orderBy: [['createdAt', 'desc'], ['_id', 'desc']],
      skip: (input.page - 1) * input.pageSize,
      limit: input.pageSize + 1,
      fields: { no: true, supplierId: true, supplierName: true, status: true, totalFen: true, createdAt: true, note: true, lines: true },
    });
    const paged = pageOf(rows, input.page, input.pageSize);
    return { ...paged, items: paged.items.map((o) => orderRow(o, ctx.member.role)) };
  }),

  'purchase.get': action(ALL, schemas['purchase.get'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    const [order, receipts] = await Promise.all([
      getOwnOrder(ctx, input.id),
      ctx.db.find<Posting>('postings', { shopId, 'source.id': input.id }, { orderBy: [['createdAt', 'asc']], limit: 100 }),
    ]);
    const receiptIds = receipts.filter((p) => p.type === 'purchase_receipt').map((p) => p._id);
    const [returns, products] = await Promise.all([
      receiptIds.length ? ctx.db.find<Posting>('postings', { shopId, type: 'purchase_return', 'source.id': ctx.db.command.in(receiptIds) }, { orderBy: [['createdAt', 'asc']], limit: 100 }) : Promise.resolve([] as Posting[]),
      ctx.db.getMany<Product>('products', order.productIds),
    ]);
    const units = new Map(order.lines.map((l) => [l.productId, l.baseUnit]));
    const byId = new Map(products.map((p) => [p._id, p]));
    const view = orderView(order, ctx.member.role);
    view.lines = view.lines.map((l) => ({ ...l, batchTracked: byId.get(l.productId)?.batchTracked ?? false, barcodes: byId.get(l.productId)?.barcodes ?? [] }));
    return {
      order: view,
      receipts: receipts.map((p) => postingView(p, units, ctx.member.role)),
      returns: returns.map((p) => postingView(p, units, ctx.member.role)),
    };
  }),

  'purchase.fromSuggestions': action(MANAGERS, schemas['purchase.fromSuggestions'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const _ = ctx.db.command;
    const where: Record<string, unknown> = { shopId: shop._id, suggestedQty: _.gt(0) };
    if (input.productIds) where.productId = _.in(input.productIds);
    const records = await ctx.db.findAll<ReplenishmentRecord>('replenishment', where, [['productId', 'asc']], 5_000);
    const products = new Map((await ctx.db.getMany<Product>('products', records.map((r) => r.productId))).map((p) => [p._id, p]));
    const preferred = [...new Set([...products.values()].map((p) => p.preferredSupplierId).filter(Boolean))];
    // A preferred supplier that was archived (or is gone) counts as none: the user picks another.
    const active = new Set((await ctx.db.getMany<{ _id: string; shopId: string; archived: boolean }>('suppliers', preferred)).filter((x) => x.shopId === shop._id && !x.archived).map((x) => x._id));
    const bySupplier = new Map<string, ReplenishmentRecord[]>();
    const missingSupplier: { productId: string; productName: string }[] = [];
    for (const r of records) {
      const p = products.get(r.productId);
      if (!p || p.archived) continue;
      const supplierId = input.suppliers[r.productId] ?? (active.has(p.preferredSupplierId) ? p.preferredSupplierId : '');
      if (!supplierId) missingSupplier.push({ productId: r.productId, productName: p.name });
      else bySupplier.set(supplierId, [...(bySupplier.get(supplierId) ?? []), r]);
    }
    const orders: PurchaseOrderView[] = [];
    for (const [supplierId, recs] of [...bySupplier].sort(([a], [b]) => a.localeCompare(b))) {
      const lines = recs.map((r) => {
        const p = products.get(r.productId)!;
        const unit = p.purchaseUnit ?? { name: p.baseUnit, factor: 1 };
        return { productId: r.productId, unit: unit.name, qty: Math.max(1, Math.ceil(r.suggestedQty / unit.factor)) };
      });
      // One order per supplier and request: a retried tap makes the same orders.
      const order = await createDraft(ctx, shop, `${orderId(shop._id, input.requestId)}-${fingerprintOf(supplierId).slice(0, 8)}`, { supplierId, note: '来自补货建议', lines });
      orders.push(orderView(order, ctx.member.role));
    }
    return { orders, missingSupplier };
  }),

  'purchase.statement': action(MANAGERS, schemas['purchase.statement'], async (ctx, input) => {
    if (input.from > input.to) throw new AppError('E_VALIDATION', '开始日期不能晚于结束日期');
    const supplier = await getOwnParty(ctx, 'suppliers', input.supplierId);
    return supplierStatement(ctx, supplier, input.from, input.to);
  }),

  'suppliers.detail': action(MANAGERS, schemas['suppliers.detail'], async (ctx, input) => {
    const supplier = await getOwnParty(ctx, 'suppliers', input.id);
    const [{ orders, receipts }, payables] = await Promise.all([supplierHistory(ctx, supplier._id), payablesBySupplier(ctx, [supplier._id])]);
    return {
      supplier,
      payableFen: payables.get(supplier._id) ?? 0,
      openOrders: orders.filter((o) => OPEN_STATUSES.includes(o.status)).map((o) => orderRow(o, ctx.member.role)),
      recentOrders: orders.slice(0, 20).map((o) => orderRow(o, ctx.member.role)),
      scorecard: scorecard(orders, receipts),
    };
  }),

  'purchase.payables': action(MANAGERS, schemas['purchase.payables'], async (ctx) => {
    const [suppliers, payables] = await Promise.all([
      ctx.db.findAll<{ _id: string; name: string }>('suppliers', { shopId: ctx.member.shopId }, [['name', 'asc']], 5_000, { name: true }),
      payablesBySupplier(ctx),
    ]);
    return payableRows(payables, new Map(suppliers.map((s) => [s._id, s.name])));
  }),
};
