// Stock documents of the first slice — opening balance, receipt, sale, sale return, adjustment,
// reversal — each a thin layer that prepares lines and hands them to the one posting engine.
import Decimal from 'decimal.js';
import type { z } from 'zod';
import { schemas } from '../../typings/api';
import type { BalanceView, LedgerEntry, ReconcileDifference } from '../../typings/api/stock';
import type { Posting, PostingType, Product, Shop, StockBalance } from '../../typings/models';
import { POSTING_LABELS } from '../../typings/models';
import { AppError } from '../core/errors';
import { pageOf } from '../core/query';
import { action, MemberContext } from '../core/router';
import { canSeeCost, loadShop, resolveWarehouse, warehouseName } from '../core/shop';
import { valueFen } from '../posting/cost';
import { EngineLine, GuardDocument, post, postingId, PostingRequest } from '../posting/engine';
import { perBaseUnit, resolveLines } from '../stock/lines';
import { postingView, productNames } from '../stock/views';
import { getOwnParty } from './parties';

const ALL = ['owner', 'manager', 'clerk'] as const;
const MANAGERS = ['owner', 'manager'] as const;

function base(ctx: MemberContext, shop: Shop, requestId: string, type: PostingType): Omit<PostingRequest, 'lines'> {
  return {
    shopId: shop._id,
    allowNegativeStock: shop.settings.allowNegativeStock,
    requestId,
    type,
    operator: { openid: ctx.openid, name: ctx.member.name },
  };
}

async function postAndView(ctx: MemberContext, req: PostingRequest) {
  const { posting, replayed } = await post(ctx.db, req);
  const names = new Map(req.lines.map((l) => [l.product._id, l.product.name]));
  return postingView(posting, names, ctx.member.role, replayed);
}

function requireBatch(p: Product, batchNo: string | undefined, line: number) {
  if (p.batchTracked && !batchNo) throw new AppError('E_VALIDATION', `第 ${line + 1} 行：商品「${p.name}」按批次管理，请填写批号`, { line });
}

type InboundInput = z.output<(typeof schemas)['stock.opening']>;

/** Receipts and opening balances: goods in, at the given cost (default: the current average). */
async function postInbound(ctx: MemberContext, input: InboundInput, type: 'purchase_receipt' | 'opening', supplierId?: string) {
  const [shop, lines] = await Promise.all([loadShop(ctx), resolveLines(ctx, input.lines)]);
  const wh = resolveWarehouse(shop, input.warehouseId);
  if (supplierId) await getOwnParty(ctx, 'suppliers', supplierId);
  const engineLines: EngineLine[] = lines.map((l, i) => {
    requireBatch(l.product, l.input.batchNo, i);
    return {
      product: l.product,
      warehouseId: wh.id,
      qty: l.baseQty,
      unitCost: l.input.unitCostFen !== undefined ? perBaseUnit(l.input.unitCostFen, l.factor) : undefined,
      batchNo: l.input.batchNo ?? null,
      expiryDate: l.input.expiryDate ?? null,
    };
  });
  return postAndView(ctx, { ...base(ctx, shop, input.requestId, type), partyId: supplierId ?? null, note: input.note, lines: engineLines });
}

/** Splits an order discount over lines in proportion to their amounts, to the fen. */
function allocateDiscount(amounts: number[], discount: number): number[] {
  const total = amounts.reduce((s, a) => s + a, 0);
  if (discount === 0 || total === 0) return amounts;
  let left = discount;
  return amounts.map((a, i) => {
    const share = i === amounts.length - 1 ? left : new Decimal(discount).times(a).dividedBy(total).toDecimalPlaces(0).toNumber();
    left -= share;
    return a - share;
  });
}

const returnsDocId = (salePostingId: string) => salePostingId;
type ReturnsDoc = { shopId: string; saleId: string; returned: Record<string, number> };

export const stockActions = {
  'stock.receive': action(ALL, schemas['stock.receive'], (ctx, input) => postInbound(ctx, input, 'purchase_receipt', input.supplierId)),
  'stock.opening': action(MANAGERS, schemas['stock.opening'], (ctx, input) => postInbound(ctx, input, 'opening')),

  'stock.sell': action(ALL, schemas['stock.sell'], async (ctx, input) => {
    const [shop, lines] = await Promise.all([loadShop(ctx), resolveLines(ctx, input.lines)]);
    const wh = resolveWarehouse(shop, input.warehouseId);
    if (input.customerId) await getOwnParty(ctx, 'customers', input.customerId);
    const gross = lines.map((l, i) => {
      const unitPrice = l.input.unitPriceFen ?? l.product.salePriceFen * l.factor;
      const amount = new Decimal(unitPrice).times(l.input.qty).minus(l.input.discountFen).toNumber();
      if (amount < 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：优惠不能超过金额`, { line: i });
      return amount;
    });
    const total = gross.reduce((s, a) => s + a, 0) - input.discountFen;
    if (total < 0) throw new AppError('E_VALIDATION', '整单优惠不能超过合计金额');
    const net = allocateDiscount(gross, input.discountFen);
    const paidFen = input.payment.paidFen ?? (input.payment.method === 'credit' ? 0 : total);
    const engineLines: EngineLine[] = lines.map((l, i) => ({
      product: l.product,
      warehouseId: wh.id,
      qty: -l.baseQty,
      batchNo: l.input.batchNo ?? null,
      amountFen: net[i],
    }));
    return postAndView(ctx, {
      ...base(ctx, shop, input.requestId, 'sale'),
      partyId: input.customerId ?? null,
      note: input.note,
      amountFen: total,
      payment: { method: input.payment.method, paidFen, discountFen: input.discountFen },
      lines: engineLines,
    });
  }),

  'stock.saleReturn': action(MANAGERS, schemas['stock.saleReturn'], async (ctx, input) => {
    const [shop, sale, lines] = await Promise.all([
      loadShop(ctx),
      ctx.db.getById<Posting>('postings', input.salePostingId),
      resolveLines(ctx, input.lines, { allowArchived: true }),
    ]);
    if (!sale || sale.shopId !== shop._id || sale.type !== 'sale') throw new AppError('E_NOT_FOUND', '原销售单不存在');
    const wh = resolveWarehouse(shop, input.warehouseId ?? sale.lines[0].warehouseId);
    const soldQtyOf = (productId: string) => -sale.lines.filter((s) => s.productId === productId).reduce((s, x) => s + x.qty, 0);
    const requested = new Map<string, number>();
    const engineLines: EngineLine[] = lines.map((l, i) => {
      const sold = sale.lines.filter((s) => s.productId === l.product._id);
      const soldQty = soldQtyOf(l.product._id);
      if (soldQty <= 0) throw new AppError('E_VALIDATION', `第 ${i + 1} 行：原单没有商品「${l.product.name}」`, { line: i });
      requested.set(l.product._id, (requested.get(l.product._id) ?? 0) + l.baseQty);
      // Back at the cost it left with, refunded at the price it was sold for.
      const soldCost = sold.reduce((s, x) => s.plus(new Decimal(x.unitCost).times(-x.qty)), new Decimal(0)).dividedBy(soldQty);
      const soldAmount = sold.reduce((s, x) => s + (x.amountFen ?? 0), 0);
      return {
        product: l.product,
        warehouseId: wh.id,
        qty: l.baseQty,
        unitCost: soldCost.toDecimalPlaces(6).toString(),
        batchNo: l.input.batchNo ?? sold.find((s) => s.batchNo)?.batchNo ?? null,
        expiryDate: sold.find((s) => s.batchNo === (l.input.batchNo ?? s.batchNo))?.expiryDate ?? null,
        amountFen: -new Decimal(soldAmount).times(l.baseQty).dividedBy(soldQty).toDecimalPlaces(0).toNumber(),
      };
    });
    const refund = engineLines.reduce((s, l) => s + (l.amountFen ?? 0), 0);
    const guards: GuardDocument[] = [
      {
        // Quantities already returned against this sale: never more back than was sold.
        coll: 'returns',
        id: returnsDocId(sale._id),
        apply: (current) => {
          const doc = (current as ReturnsDoc | null) ?? { shopId: shop._id, saleId: sale._id, returned: {} };
          const returned = { ...doc.returned };
          for (const [productId, q] of requested) {
            const soldQty = soldQtyOf(productId);
            const already = returned[productId] ?? 0;
            if (already + q > soldQty) {
              const name = lines.find((l) => l.product._id === productId)!.product.name;
              throw new AppError('E_VALIDATION', `「${name}」最多还能退 ${soldQty - already}`, { productId, sold: soldQty, returned: already });
            }
            returned[productId] = already + q;
          }
          return { ...doc, returned };
        },
      },
      {
        coll: 'postings',
        id: postingId(shop._id, `rev-${sale.requestId}`),
        apply: (reversal) => {
          if (reversal) throw new AppError('E_INVALID_STATE', '原销售单已冲销，不能再退货');
          return null;
        },
      },
    ];
    return postAndView(ctx, {
      ...base(ctx, shop, input.requestId, 'sale_return'),
      source: { kind: 'sale', id: sale._id, no: null },
      partyId: sale.partyId,
      note: input.note,
      amountFen: refund,
      payment: { method: input.refundMethod, paidFen: refund, discountFen: 0 },
      lines: engineLines,
      guards,
    });
  }),

  'stock.adjust': action(MANAGERS, schemas['stock.adjust'], async (ctx, input) => {
    const [shop, lines] = await Promise.all([loadShop(ctx), resolveLines(ctx, input.lines.map((l) => ({ ...l, qty: Math.abs(l.qty), sign: Math.sign(l.qty) })), { allowArchived: true })]);
    const wh = resolveWarehouse(shop, input.warehouseId);
    const engineLines: EngineLine[] = lines.map((l, i) => {
      if (l.input.sign > 0) requireBatch(l.product, l.input.batchNo, i);
      return {
        product: l.product,
        warehouseId: wh.id,
        qty: l.input.sign * l.baseQty,
        unitCost: l.input.sign > 0 && l.input.unitCostFen !== undefined ? perBaseUnit(l.input.unitCostFen, l.factor) : undefined,
        batchNo: l.input.batchNo ?? null,
        expiryDate: l.input.expiryDate ?? null,
      };
    });
    return postAndView(ctx, { ...base(ctx, shop, input.requestId, 'adjustment'), reason: input.reason, note: input.note, lines: engineLines });
  }),

  'stock.reverse': action(['owner'], schemas['stock.reverse'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const original = await ctx.db.getById<Posting>('postings', input.postingId);
    if (!original || original.shopId !== shop._id) throw new AppError('E_NOT_FOUND', '单据不存在');
    if (original.type === 'reversal') throw new AppError('E_INVALID_STATE', '冲销单不能再冲销');
    const products = new Map((await ctx.db.getMany<Product>('products', original.productIds)).map((p) => [p._id, p]));
    const guards: GuardDocument[] = [];
    if (original.type === 'sale') {
      guards.push({
        coll: 'returns',
        id: returnsDocId(original._id),
        apply: (doc) => {
          if (doc && Object.values((doc as ReturnsDoc).returned).some((q) => q > 0)) throw new AppError('E_INVALID_STATE', '该销售单已有退货，请先冲销退货单');
          return null;
        },
      });
    }
    if (original.type === 'sale_return' && original.source.id) {
      guards.push({
        coll: 'returns',
        id: returnsDocId(original.source.id),
        apply: (doc) => {
          const returned = { ...((doc as ReturnsDoc | null)?.returned ?? {}) };
          for (const l of original.lines) returned[l.productId] = Math.max(0, (returned[l.productId] ?? 0) - l.qty);
          return { ...(doc ?? { shopId: shop._id, saleId: original.source.id }), returned };
        },
      });
    }
    const lines: EngineLine[] = original.lines.map((l) => ({
      product: products.get(l.productId) ?? { _id: l.productId, name: '已删除商品', baseUnit: '', batchTracked: Boolean(l.batchNo) },
      warehouseId: l.warehouseId,
      qty: -l.qty,
      unitCost: l.unitCost,
      batchNo: l.batchNo,
      expiryDate: l.expiryDate,
      amountFen: l.amountFen === null ? null : -l.amountFen,
    }));
    return postAndView(ctx, {
      ...base(ctx, shop, `rev-${original.requestId}`, 'reversal'),
      source: { kind: original.type, id: original._id, no: null },
      partyId: original.partyId,
      reverses: original._id,
      note: input.note || `冲销 ${POSTING_LABELS[original.type]}`,
      amountFen: original.totals.amountFen === null ? null : -original.totals.amountFen,
      lines,
      guards,
    });
  }),

  'stock.balances': action(ALL, schemas['stock.balances'], async (ctx, input) => {
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (input.productId) where.productId = input.productId;
    if (input.warehouseId) where.warehouseId = input.warehouseId;
    const [shop, rows] = await Promise.all([
      loadShop(ctx),
      input.lowOnly
        ? ctx.db.findAll<StockBalance>('stock', where, [['productId', 'asc'], ['warehouseId', 'asc']], 20_000)
        : ctx.db.find<StockBalance>('stock', where, { orderBy: [['updatedAt', 'desc'], ['_id', 'asc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 }),
    ]);
    const products = new Map((await ctx.db.getMany<Product>('products', rows.map((b) => b.productId))).map((p) => [p._id, p]));
    const seeCost = canSeeCost(ctx.member.role);
    let views: BalanceView[] = rows.map(({ unitCost, ...b }) => {
      const p = products.get(b.productId);
      const minStock = p?.minStock ?? 0;
      return {
        ...b,
        ...(seeCost ? { unitCost, valueFen: valueFen(b.qty, unitCost) } : {}),
        productName: p?.name ?? '已删除商品',
        warehouseName: warehouseName(shop, b.warehouseId),
        minStock,
        low: minStock > 0 && b.qty <= minStock,
      };
    });
    if (input.lowOnly) {
      views = views.filter((v) => v.low);
      const start = (input.page - 1) * input.pageSize;
      return pageOf(views.slice(start, start + input.pageSize + 1), input.page, input.pageSize);
    }
    return pageOf(views, input.page, input.pageSize);
  }),

  'stock.ledger': action(ALL, schemas['stock.ledger'], async (ctx, input) => {
    const rows = await ctx.db.find<Posting>(
      'postings',
      { shopId: ctx.member.shopId, productIds: input.productId },
      { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 },
    );
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
          ...(seeCost ? { unitCost: l.unitCost } : {}),
          amountFen: l.amountFen,
        })),
    );
    return { ...paged, items };
  }),

  'stock.posting': action(ALL, schemas['stock.posting'], async (ctx, input) => {
    const p = await ctx.db.getById<Posting>('postings', input.id);
    if (!p || p.shopId !== ctx.member.shopId) throw new AppError('E_NOT_FOUND', '单据不存在');
    return postingView(p, await productNames(ctx.db, p), ctx.member.role);
  }),

  'stock.reconcile': action(['owner'], schemas['stock.reconcile'], async (ctx) => {
    const shopId = ctx.member.shopId;
    const [balances, postings] = await Promise.all([
      ctx.db.findAll<StockBalance>('stock', { shopId }),
      ctx.db.findAll<Posting>('postings', { shopId }, [['_id', 'asc']], 1_000_000),
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
    return { balancesChecked: balances.length, postingsRead: postings.length, differences };
  }),
};
