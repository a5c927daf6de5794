// Stock documents of the first slice — opening balance, receipt, sale, sale return, adjustment,
// reversal — each a thin layer that prepares lines and hands them to the one posting engine.
import type { z } from 'zod';
import { schemas } from '../../typings/api';
import type { LedgerEntry, ReconcileDifference } from '../../typings/api/stock';
import type { Posting, PostingType, Product, Shop, StockBalance } from '../../typings/models';
import { POSTING_LABELS } from '../../typings/models';
import { auditCreate } from '../core/audit';
import { AppError } from '../core/errors';
import { pageOf } from '../core/query';
import { action, MemberContext } from '../core/router';
import { canSeeCost, loadShop, resolveWarehouse } from '../core/shop';
import { EngineLine, fingerprintOf, GuardDocument, post, postingId, PostingRequest, replayOf, serverRequestId } from '../posting/engine';
import { refuseUnconfirmedExpired, requireBatch } from '../stock/inbound';
import { perBaseUnit, resolveLines } from '../stock/lines';
import { saleAmounts, salePayment } from '../stock/pricing';
import { receivableGuard } from '../stock/receivables';
import { unreceiveGuard } from '../purchasing/receive';
import { receiptReversalGuard, receivedFromSupplier, undoSupplierReturnsGuard } from '../purchasing/returns';
import { noReturnsGuard, planReturn, ReturnsDoc, undoReturnGuard, writeOffReturned } from '../stock/returns';
import { postingView, productUnits } from '../stock/views';
import { balancesPage, expiringPage } from '../stock/where';
import { quickSaleDetail, quickSalesPage } from '../stock/quick-sales';
import { getOwnParty } from './parties';

const ALL = ['owner', 'manager', 'clerk'] as const;
const MANAGERS = ['owner', 'manager'] as const;

/** What every posting of an action shares; the fingerprint is the request's input without its id. */
function base(ctx: MemberContext, shop: Shop, input: { requestId: string } & Record<string, unknown>, type: PostingType): Omit<PostingRequest, 'lines'> {
  const { requestId, ...asked } = input;
  return {
    shopId: shop._id,
    allowNegativeStock: shop.settings.allowNegativeStock,
    requestId,
    type,
    operator: { openid: ctx.openid, name: ctx.member.name },
    fingerprint: fingerprintOf({ type, ...asked }),
  };
}

async function postAndView(ctx: MemberContext, req: PostingRequest) {
  const { posting, replayed } = await post(ctx.db, req);
  const units = new Map(req.lines.map((l) => [l.product._id, l.product.baseUnit]));
  return postingView(posting, units, ctx.member.role, replayed);
}

type InboundInput = z.output<(typeof schemas)['stock.opening']>;

/**
 * Receipts and opening balances: goods in. A clerk never sets cost: the product's reference
 * purchase price applies (later: the purchase order's). Without a typed cost the reference price
 * applies too, or the current average when the product has none.
 */
async function postInbound(ctx: MemberContext, input: InboundInput, type: 'purchase_receipt' | 'opening', supplierId?: string) {
  const [shop, lines] = await Promise.all([loadShop(ctx), resolveLines(ctx, input.lines)]);
  const wh = resolveWarehouse(shop, input.warehouseId);
  if (supplierId) await getOwnParty(ctx, 'suppliers', supplierId);
  const clerk = !canSeeCost(ctx.member.role);
  if (clerk && input.lines.some((l) => l.unitCostFen !== undefined)) throw new AppError('E_FORBIDDEN', '店员入库按商品的参考进价计价，不能填写成本');
  refuseUnconfirmedExpired(lines, ctx.requestNow, input.confirmExpired);
  const engineLines: EngineLine[] = lines.map((l, i) => {
    requireBatch(l.product, l.input, i);
    const typed = l.input.unitCostFen !== undefined ? perBaseUnit(l.input.unitCostFen, l.factor) : undefined;
    const reference = l.product.purchasePriceFen ? String(l.product.purchasePriceFen) : undefined;
    return {
      product: l.product,
      warehouseId: wh.id,
      qty: l.baseQty,
      unitCost: typed ?? reference,
      batchNo: l.input.batchNo ?? null,
      expiryDate: l.input.expiryDate ?? null,
    };
  });
  return postAndView(ctx, { ...base(ctx, shop, input, type), partyId: supplierId ?? null, note: input.note, lines: engineLines });
}

/**
 * Goods back from a sale (a return, or the returned half of an exchange): the sale, a retry's
 * stored answer, or the plan — the batches the sale took, the refund, and the guards (returns per
 * product and batch; the sale not reversed meanwhile).
 */
async function planSaleReturn(
  ctx: MemberContext,
  input: { requestId: string; salePostingId: string; warehouseId?: string; lines: { productId?: string; barcode?: string; unit?: string; qty: number; batchNo?: string }[] } & Record<string, unknown>,
  type: 'sale_return' | 'exchange',
) {
  const [shop, sale, lines] = await Promise.all([
    loadShop(ctx),
    ctx.db.getById<Posting>('postings', input.salePostingId),
    resolveLines(ctx, input.lines, { allowArchived: true }),
  ]);
  if (!sale || sale.shopId !== shop._id || sale.type !== 'sale') throw new AppError('E_NOT_FOUND', '原销售单不存在');
  // A retry of a return already posted is answered before planning from the state it changed.
  const stored = await replayOf(ctx.db, shop._id, input.requestId, type, base(ctx, shop, input, type).fingerprint);
  if (stored) return { shop, sale, plan: null, replayed: postingView(stored, await productUnits(ctx.db, stored), ctx.member.role, true) };
  const already = await ctx.db.getById<ReturnsDoc>('returns', sale._id);
  const plan = planReturn(sale, lines, already, { coll: 'returns', direction: 1, warehouseId: input.warehouseId ? resolveWarehouse(shop, input.warehouseId).id : null });
  const notReversed: GuardDocument = {
    coll: 'postings',
    id: postingId(shop._id, serverRequestId('rev', sale.requestId)),
    apply: (reversal) => {
      if (reversal) throw new AppError('E_INVALID_STATE', '原销售单已冲销，不能再退货');
      return null;
    },
  };
  return { shop, sale, plan: { lines: plan.lines, refundFen: plan.refundFen, guards: [plan.guard, notReversed] }, replayed: null };
}

export const stockActions = {
  'stock.receive': action(ALL, schemas['stock.receive'], (ctx, input) => postInbound(ctx, input, 'purchase_receipt', input.supplierId)),
  'stock.opening': action(MANAGERS, schemas['stock.opening'], (ctx, input) => postInbound(ctx, input, 'opening')),

  'stock.sell': action(ALL, schemas['stock.sell'], async (ctx, input) => {
    if (input.override && !canSeeCost(ctx.member.role)) throw new AppError('E_FORBIDDEN', '只有店主或店长可以出库过期批次');
    const [shop, lines] = await Promise.all([loadShop(ctx), resolveLines(ctx, input.lines)]);
    const wh = resolveWarehouse(shop, input.warehouseId);
    if (input.customerId) await getOwnParty(ctx, 'customers', input.customerId);
    const { net, total } = saleAmounts(lines, input.discountFen, ctx.member.role, shop.settings.clerkDiscountLimitPct);
    const payment = salePayment(input.payment.method, total, input.discountFen, input.payment.paidFen, input.payment.tenderedFen);
    const engineLines: EngineLine[] = lines.map((l, i) => ({
      product: l.product,
      warehouseId: wh.id,
      qty: -l.baseQty,
      batchNo: l.input.batchNo ?? null,
      amountFen: net[i],
    }));
    return postAndView(ctx, {
      ...base(ctx, shop, input, 'sale'),
      partyId: input.customerId ?? null,
      note: input.note,
      amountFen: total,
      payment,
      override: input.override ? { reason: input.override.reason, by: ctx.member.name } : null,
      creates: input.override ? [auditCreate(ctx, { kind: 'override', action: '特批开单', target: { id: postingId(shop._id, input.requestId), name: '开单' }, note: input.override.reason })] : [],
      lines: engineLines,
      // The owner's override also lets a credit sale go past the customer's credit limit (recorded).
      guards: input.customerId ? [receivableGuard(input.customerId, shop._id, payment.owedFen, Boolean(input.override) && ctx.member.role === 'owner')] : [],
    });
  }),

  'stock.saleReturn': action(MANAGERS, schemas['stock.saleReturn'], async (ctx, input) => {
    const { shop, sale, plan, replayed } = await planSaleReturn(ctx, input, 'sale_return');
    if (replayed) return replayed;
    const method = sale.payment?.method ?? 'cash';
    const guards = [...plan!.guards];
    // The refund follows the sale's payment: a credit sale's return takes it off what is owed.
    if (method === 'credit' && sale.partyId) guards.push(receivableGuard(sale.partyId, shop._id, plan!.refundFen));
    return postAndView(ctx, {
      ...base(ctx, shop, input, 'sale_return'),
      source: { kind: 'sale', id: sale._id, no: null },
      partyId: sale.partyId,
      note: input.note,
      amountFen: plan!.refundFen,
      payment: { method, paidFen: plan!.refundFen, discountFen: 0, owedFen: 0, changeFen: 0 },
      lines: input.toDamage ? writeOffReturned(plan!.lines) : plan!.lines,
      guards,
    });
  }),

  'stock.exchange': action(MANAGERS, schemas['stock.exchange'], async (ctx, input) => {
    if (input.override && ctx.member.role !== 'owner') throw new AppError('E_FORBIDDEN', '只有店主可以放行超出赊账额度的换货');
    const { shop, sale, plan, replayed } = await planSaleReturn(ctx, { ...input, lines: input.returnLines }, 'exchange');
    if (replayed) return replayed;
    const out = await resolveLines(ctx, input.saleLines);
    const { net, total } = saleAmounts(out, 0, ctx.member.role, shop.settings.clerkDiscountLimitPct);
    // What the customer pays (+) or gets back (−): the new goods less the refund of those returned.
    const differenceFen = total + plan!.refundFen;
    const original = sale.payment?.method ?? 'cash';
    const method = differenceFen < 0 || original === 'credit' ? original : input.payment.method ?? original;
    if (method === 'credit' && !sale.partyId) throw new AppError('E_VALIDATION', '赊账需要客户：原单没有客户');
    const guards = [...plan!.guards];
    if (method === 'credit') guards.push(receivableGuard(sale.partyId!, shop._id, differenceFen, Boolean(input.override)));
    const tendered = input.payment.tenderedFen;
    if (tendered !== undefined && (method !== 'cash' || tendered < differenceFen)) throw new AppError('E_VALIDATION', method !== 'cash' ? '只有现金收款才有找零' : '收的现金少于要补的差价');
    const returned = input.toDamage ? writeOffReturned(plan!.lines) : plan!.lines;
    const from = input.warehouseId ? resolveWarehouse(shop, input.warehouseId).id : sale.lines[0]?.warehouseId ?? resolveWarehouse(shop).id;
    const given: EngineLine[] = out.map((l, i) => ({ product: l.product, warehouseId: from, qty: -l.baseQty, batchNo: l.input.batchNo ?? null, amountFen: net[i] }));
    return postAndView(ctx, {
      ...base(ctx, shop, input, 'exchange'),
      source: { kind: 'sale', id: sale._id, no: null },
      partyId: sale.partyId,
      note: input.note,
      amountFen: differenceFen,
      payment: {
        method,
        paidFen: method === 'credit' ? 0 : differenceFen,
        discountFen: 0,
        owedFen: method === 'credit' ? differenceFen : 0,
        changeFen: tendered === undefined ? 0 : tendered - differenceFen,
      },
      lines: [...returned, ...given],
      guards,
      creates: input.override ? [auditCreate(ctx, { kind: 'override', action: '特批赊账', target: { id: postingId(shop._id, input.requestId), name: '换货' }, note: input.override.reason })] : [],
    });
  }),

  'stock.adjust': action(MANAGERS, schemas['stock.adjust'], async (ctx, input) => {
    const [shop, lines] = await Promise.all([loadShop(ctx), resolveLines(ctx, input.lines.map((l) => ({ ...l, qty: Math.abs(l.qty), sign: Math.sign(l.qty) })), { allowArchived: true })]);
    const wh = resolveWarehouse(shop, input.warehouseId);
    const engineLines: EngineLine[] = lines.map((l, i) => {
      if (l.input.sign > 0) requireBatch(l.product, l.input, i);
      return {
        product: l.product,
        warehouseId: wh.id,
        qty: l.input.sign * l.baseQty,
        unitCost: l.input.sign > 0 && l.input.unitCostFen !== undefined ? perBaseUnit(l.input.unitCostFen, l.factor) : undefined,
        batchNo: l.input.batchNo ?? null,
        expiryDate: l.input.expiryDate ?? null,
      };
    });
    // Writing off an expired batch is what an adjustment is for: it may name expired batches.
    return postAndView(ctx, { ...base(ctx, shop, input, 'adjustment'), reason: input.reason, note: input.note, lines: engineLines, allowExpired: true });
  }),

  'stock.reverse': action(['owner'], schemas['stock.reverse'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const original = await ctx.db.getById<Posting>('postings', input.postingId);
    if (!original || original.shopId !== shop._id) throw new AppError('E_NOT_FOUND', '单据不存在');
    if (original.type === 'reversal') throw new AppError('E_INVALID_STATE', '冲销单不能再冲销');
    // A transfer's document records what left and arrived: reversing its posting would leave it wrong.
    if (original.type === 'transfer' || original.type === 'transfer_out' || original.type === 'transfer_in') {
      throw new AppError('E_INVALID_STATE', '调拨不能冲销：请做一张反向调拨（从调入仓库调回调出仓库）');
    }
    // Likewise a sales order's shipment: the order counts what it shipped and what it is owed.
    if (original.type === 'exchange') throw new AppError('E_INVALID_STATE', '换货单不能冲销：请再办一次换货或退货');
    if (original.source.kind === 'sales_order') {
      throw new AppError('E_INVALID_STATE', '订单的发货不能冲销：客户退回的货请在销售单上办理退货');
    }
    const products = new Map((await ctx.db.getMany<Product>('products', original.productIds)).map((p) => [p._id, p]));
    const requestId = serverRequestId('rev', original.requestId);
    // The documents the original changed change back in the reversal's own transaction.
    const guards: GuardDocument[] = [];
    if (original.type === 'sale') guards.push(noReturnsGuard(original, 'returns'));
    if (original.type === 'sale_return' && original.source.id) guards.push(undoReturnGuard(original, 'returns'));
    if (original.type === 'purchase_receipt') {
      guards.push(noReturnsGuard(original, 'purchase_returns'));
      if (original.partyId) guards.push(receiptReversalGuard(original, await receivedFromSupplier(ctx, original.partyId, original.productIds)));
      if (original.source.kind === 'purchase_order' && original.source.id) guards.push(unreceiveGuard(ctx, original.source.id, original, requestId, postingId(shop._id, requestId)));
    }
    if (original.type === 'purchase_return') {
      if (original.partyId) guards.push(undoSupplierReturnsGuard(original));
      if (original.source.kind === 'purchase_receipt' && original.source.id) guards.push(undoReturnGuard(original, 'purchase_returns'));
    }
    const owedChange = original.type === 'sale' ? -(original.payment?.owedFen ?? 0) : original.type === 'sale_return' && original.payment?.method === 'credit' ? -original.totals.amountFen! : 0;
    if (original.partyId && owedChange !== 0) guards.push(receivableGuard(original.partyId, shop._id, owedChange));
    const lines: EngineLine[] = original.lines.map((l) => ({
      product: products.get(l.productId) ?? { _id: l.productId, name: l.productName, baseUnit: '', batchTracked: Boolean(l.batchNo) },
      warehouseId: l.warehouseId,
      qty: -l.qty,
      unitCost: l.unitCost,
      batchNo: l.batchNo,
      expiryDate: l.expiryDate,
      amountFen: l.amountFen === null ? null : -l.amountFen,
    }));
    return postAndView(ctx, {
      ...base(ctx, shop, { requestId, reverses: original._id }, 'reversal'),
      source: { kind: original.type, id: original._id, no: null },
      partyId: original.partyId,
      reverses: original._id,
      note: input.note || `冲销 ${POSTING_LABELS[original.type]}`,
      amountFen: original.totals.amountFen === null ? null : -original.totals.amountFen,
      lines,
      guards,
      allowExpired: true,
    });
  }),

  'stock.balances': action(ALL, schemas['stock.balances'], (ctx, input) => balancesPage(ctx, input)),
  'stock.expiring': action(ALL, schemas['stock.expiring'], (ctx, input) => expiringPage(ctx, input)),

  'stock.ledger': action(ALL, schemas['stock.ledger'], async (ctx, input) => {
    const [product, rows] = await Promise.all([
      ctx.db.getById<Product>('products', input.productId),
      ctx.db.find<Posting>(
        'postings',
        { shopId: ctx.member.shopId, productIds: input.productId },
        { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 },
      ),
    ]);
    const baseUnit = product?.shopId === ctx.member.shopId ? product.baseUnit : '';
    const paged = pageOf(rows, input.page, input.pageSize);
    const seeCost = canSeeCost(ctx.member.role);
    const items: LedgerEntry[] = paged.items.flatMap((p) =>
      p.lines
        .filter((l) => l.productId === input.productId)
        .map((l) => ({
          postingId: p._id,
          type: p.type,
          typeLabel: POSTING_LABELS[p.type],
          createdAt: new Date(p.createdAt).toISOString(),
          operatorName: p.operator.name,
          note: p.note,
          warehouseId: l.warehouseId,
          batchNo: l.batchNo,
          qty: l.qty,
          qtyAfter: l.qtyAfter,
          baseUnit,
          ...(seeCost ? { unitCost: l.unitCost } : {}),
          amountFen: l.amountFen,
        })),
    );
    return { ...paged, items };
  }),

  'stock.available': action(ALL, schemas['stock.available'], async (ctx, input) => {
    const shopId = ctx.member.shopId;
    const ids = [...new Set(input.productIds)];
    const rows = await ctx.db.find<StockBalance>('stock', { shopId, warehouseId: input.warehouseId, productId: ctx.db.command.in(ids) }, { limit: ids.length });
    const onHand: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
    for (const b of rows) onHand[b.productId] = b.qty;
    return { warehouseId: input.warehouseId, onHand };
  }),

  'stock.posting': action(ALL, schemas['stock.posting'], async (ctx, input) => {
    const p = await ctx.db.getById<Posting>('postings', input.id);
    if (!p || p.shopId !== ctx.member.shopId) throw new AppError('E_NOT_FOUND', '单据不存在');
    return postingView(p, await productUnits(ctx.db, p), ctx.member.role);
  }),

  'stock.sales': action(ALL, schemas['stock.sales'], (ctx, input) => quickSalesPage(ctx, input)),
  'stock.sale': action(ALL, schemas['stock.sale'], (ctx, input) => quickSaleDetail(ctx, input.id)),

  'stock.reconcile': action(['owner'], schemas['stock.reconcile'], async (ctx) => {
    const shopId = ctx.member.shopId;
    const [balances, postings, products] = await Promise.all([
      ctx.db.findAll<StockBalance>('stock', { shopId }),
      ctx.db.findAll<Posting>('postings', { shopId }, [['_id', 'asc']], 1_000_000),
      ctx.db.findAll<Product>('products', { shopId }, [['_id', 'asc']], 100_000, { onHand: true, name: true }),
    ]);
    const ledger = new Map<string, number>();
    const add = (key: string, q: number) => ledger.set(key, (ledger.get(key) ?? 0) + q);
    for (const p of postings) {
      for (const l of p.lines) {
        const id = `${shopId}_${l.warehouseId}_${l.productId}`;
        add(id, l.qty);
        if (l.batchNo) add(`${id}#${l.batchNo}`, l.qty);
      }
    }
    const differences: ReconcileDifference[] = [];
    const seen = new Set<string>();
    for (const b of balances) {
      seen.add(b._id);
      const check = (key: string, batchNo: string | null, balanceQty: number) => {
        const ledgerQty = ledger.get(key) ?? 0;
        if (ledgerQty !== balanceQty) differences.push({ balanceId: b._id, productId: b.productId, warehouseId: b.warehouseId, batchNo, balanceQty, ledgerQty });
      };
      check(b._id, null, b.qty);
      const batchNos = new Set([...(b.batches ?? []).map((x) => x.batchNo)]);
      for (const key of ledger.keys()) if (key.startsWith(`${b._id}#`)) batchNos.add(key.slice(b._id.length + 1));
      for (const batchNo of batchNos) check(`${b._id}#${batchNo}`, batchNo, b.batches?.find((x) => x.batchNo === batchNo)?.qty ?? 0);
    }
    for (const [key, q] of ledger) {
      if (!key.includes('#') && !seen.has(key) && q !== 0) {
        const [, warehouseId, productId] = key.split('_');
        differences.push({ balanceId: key, productId, warehouseId, batchNo: null, balanceQty: 0, ledgerQty: q });
      }
    }
    // Each product's on-hand total (kept by the engine for lists and the low-stock flag) = Σ its balances.
    const totals = new Map<string, number>();
    for (const b of balances) totals.set(b.productId, (totals.get(b.productId) ?? 0) + b.qty);
    for (const p of products) {
      const sum = totals.get(p._id) ?? 0;
      if ((p.onHand ?? 0) !== sum) differences.push({ balanceId: `products/${p._id}`, productId: p._id, warehouseId: '*', batchNo: null, balanceQty: p.onHand ?? 0, ledgerQty: sum });
    }
    return { balancesChecked: balances.length, postingsRead: postings.length, differences };
  }),
};
