// Stock counts (盘点) while the shop keeps selling: clerks scan into count lines (each line keeps
// the book quantity of the moment it was counted), a manager reviews and posts the differences
// through the engine — counted − book at count time, applied to the balance as it is at posting,
// so sales made during the count are not taken for losses.
import { schemas } from '../../typings/api';
import type { CountLine, Product, StockBalance, StockCount } from '../../typings/models';
import { AppError } from '../core/errors';
import { pageOf } from '../core/query';
import { action, MemberContext } from '../core/router';
import { canSeeCost, loadShop, resolveWarehouse } from '../core/shop';
import { guardStep, ownDocument, runStep } from '../documents/machine';
import { nextNumber } from '../documents/numbering';
import { balanceId, EngineLine, fingerprintOf, post, serverRequestId } from '../posting/engine';
import { buildPlan, COUNT_PART_LINES, countLineId, countView, lineView, OPEN_COUNT_STATUSES, refuseOutOfScope, STOCK_COUNT, uncountedRow } from '../counts/count';
import { countScan } from '../counts/scan';
import { resolveLines } from '../stock/lines';

const MANAGERS = ['owner', 'manager'] as const;
const ALL = ['owner', 'manager', 'clerk'] as const;

const operator = (ctx: MemberContext) => ({ openid: ctx.openid, name: ctx.member.name });

async function getOwnCount(ctx: MemberContext, id: string): Promise<StockCount> {
  const raw = await ctx.db.getById<StockCount>('counts', id);
  return ownDocument(raw, ctx, '盘点单');
}

/** Products counted so far: one indexed count while counting, the frozen figure afterwards. */
async function countedSoFar(ctx: MemberContext, count: StockCount): Promise<number> {
  return count.status === 'counting' ? ctx.db.count('count_lines', { countId: count._id }) : count.counted;
}

const allLines = (ctx: MemberContext, countId: string) => ctx.db.findAll<CountLine>('count_lines', { countId }, [['_id', 'asc']], 10_000);

/** The moving-average cost of each line's product in the count's warehouse (owner/manager pages only). */
async function costsOf(ctx: MemberContext, count: StockCount, productIds: string[]): Promise<Map<string, string>> {
  const balances = await ctx.db.getMany<StockBalance>('stock', productIds.map((p) => balanceId(count.shopId, count.warehouseId, p)));
  return new Map(balances.map((b) => [b.productId, b.unitCost]));
}

/** The count with progress and, for those who may see it, the differences and their value. */
async function fullView(ctx: MemberContext, count: StockCount) {
  const [shop, counted, lines] = await Promise.all([loadShop(ctx), countedSoFar(ctx, count), allLines(ctx, count._id)]);
  const costs = canSeeCost(ctx.member.role) ? await costsOf(ctx, count, lines.filter((l) => l.countedQty !== l.bookQty).map((l) => l.productId)) : undefined;
  return countView(count, shop, ctx.member.role, counted, lines, costs);
}

/** Products a count covers: ids for chosen products, else the shop's active products of the scope. */
async function scopeProducts(ctx: MemberContext, count: Pick<StockCount, 'scope' | 'shopId'>): Promise<Pick<Product, '_id' | 'name' | 'baseUnit'>[]> {
  const fields = { _id: true, name: true, baseUnit: true };
  if (count.scope.kind === 'products') return (await ctx.db.getMany<Product>('products', count.scope.productIds)).filter((p) => p.shopId === count.shopId && !p.archived);
  const where: Record<string, unknown> = { shopId: count.shopId, archived: false };
  if (count.scope.kind === 'category') where.category = count.scope.category;
  return ctx.db.findAll<Product>('products', where, [['name', 'asc'], ['_id', 'asc']], 100_000, fields);
}

/** A step that moves no goods; counting ends (submit, cancel) freezes the number counted. */
function stepAction(name: 'submit' | 'reopen' | 'cancel', roles: readonly ('owner' | 'manager' | 'clerk')[]) {
  return action(roles, schemas[`count.${name}`], async (ctx, input) => {
    const before = await getOwnCount(ctx, input.id);
    const counted = await countedSoFar(ctx, before);
    const count = await runStep(ctx, STOCK_COUNT, input.id, name, input.requestId, input.note, () => ({ counted }));
    return fullView(ctx, count);
  });
}

/**
 * Posts part `index` of the plan: one count adjustment through the engine, with the count as its
 * guard document (the parts posted so far move on in the same transaction). The part's request
 * id is made by the server from the count and the index, so a retry replays a part already
 * posted instead of posting it twice.
 */
async function postPart(ctx: MemberContext, count: StockCount, index: number, allowNegativeStock: boolean, stepRequestId: string): Promise<void> {
  const entries = count.plan.slice(index * COUNT_PART_LINES, (index + 1) * COUNT_PART_LINES);
  const products = new Map((await ctx.db.getMany<Product>('products', entries.map((e) => e.productId))).map((p) => [p._id, p]));
  const lines: EngineLine[] = entries.map((e) => ({
    product: products.get(e.productId) ?? { _id: e.productId, name: '已删除商品', baseUnit: '', batchTracked: e.batchNo !== null },
    warehouseId: count.warehouseId,
    qty: e.qty ?? 0,
    toZero: e.toZero,
    batchNo: e.batchNo,
    expiryDate: e.expiryDate ?? null,
  }));
  const requestId = serverRequestId('cnt', `${count._id.slice(count.shopId.length + 1)}-${index + 1}`);
  const pid = `${count.shopId}_${requestId}`;
  await post(ctx.db, {
    shopId: count.shopId,
    allowNegativeStock,
    requestId,
    type: 'count_adjustment',
    operator: operator(ctx),
    fingerprint: fingerprintOf({ count: count._id, part: index }),
    source: { kind: 'count', id: count._id, no: count.no },
    note: count.parts > 1 ? `盘点 ${count.no}（第 ${index + 1}/${count.parts} 部分）` : `盘点 ${count.no}`,
    counted: true,
    // Expired goods found missing are written off like any other: the count names them.
    allowExpired: true,
    lines,
    guards: [
      guardStep(ctx, STOCK_COUNT, count._id, 'postPart', `${stepRequestId}-${index + 1}`, pid, (c) => {
        if (c.postedParts !== index) throw new AppError('E_CONFLICT', '盘点单正在由别人过账，请刷新');
        const postedParts = c.postedParts + 1;
        return { ...c, postedParts, postingIds: [...c.postingIds, pid], postedAt: postedParts >= c.parts ? new Date().toISOString() : c.postedAt };
      }),
    ],
  });
}

export const countActions = {
  'count.create': action(MANAGERS, schemas['count.create'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    const wh = resolveWarehouse(shop, input.warehouseId);
    const id = `${shop._id}_${input.requestId}`;
    const { requestId, ...asked } = input;
    const fingerprint = fingerprintOf(asked);
    const existing = await ctx.db.getById<StockCount & { fingerprint?: string }>('counts', id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) throw new AppError('E_DUPLICATE', '这个请求编号已用于另一张盘点单，请刷新后重新提交');
      return fullView(ctx, existing);
    }
    const toCount = (await scopeProducts(ctx, { scope: input.scope, shopId: shop._id })).length;
    if (toCount === 0) throw new AppError('E_VALIDATION', '盘点范围内没有商品');
    const count = await ctx.db.transaction(async (tx) => {
      const raced = await tx.get<StockCount>('counts', id);
      if (raced) return { ...raced, _id: id };
      const now = new Date();
      const doc: StockCount & { fingerprint: string } = {
        _id: id,
        shopId: shop._id,
        no: await nextNumber(tx, shop._id, 'PD', now),
        warehouseId: wh.id,
        scope: input.scope,
        blind: input.blind,
        status: 'counting',
        note: input.note,
        toCount,
        uncounted: null,
        plan: [],
        parts: 0,
        postedParts: 0,
        postingIds: [],
        counted: 0,
        createdBy: operator(ctx),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
        postedAt: null,
        history: [{ action: 'create', label: '开始盘点', from: '', to: 'counting', by: operator(ctx), at: now.toISOString(), requestId, note: '', postingId: null }],
        fingerprint,
      };
      await tx.set('counts', id, doc as unknown as Record<string, unknown>);
      return doc;
    });
    return fullView(ctx, count);
  }),

  'count.scan': action(ALL, schemas['count.scan'], async (ctx, input) => {
    const [count, [resolved]] = await Promise.all([getOwnCount(ctx, input.countId), resolveLines(ctx, [{ productId: input.productId, barcode: input.barcode, unit: input.unit, qty: Math.max(input.qty, 1) }])]);
    if (count.status !== 'counting') throw new AppError('E_INVALID_STATE', `盘点单${STOCK_COUNT.statusLabels[count.status]}，不能再录入`, { status: count.status });
    refuseOutOfScope(count.scope, resolved.product);
    const { line, replayed } = await countScan(ctx, count, resolved.product, { ...input, qty: input.qty * resolved.factor });
    const counted = await ctx.db.count('count_lines', { countId: count._id });
    return { line: lineView(line, count, ctx.member.role), counted, toCount: count.toCount, replayed };
  }),

  'count.reason': action(MANAGERS, schemas['count.reason'], async (ctx, input) => {
    const count = await getOwnCount(ctx, input.countId);
    if (count.status !== 'counting' && count.status !== 'review') throw new AppError('E_INVALID_STATE', `盘点单${STOCK_COUNT.statusLabels[count.status]}，不能再改原因`);
    const id = countLineId(count._id, input.productId);
    if (!(await ctx.db.update('count_lines', id, { reason: input.reason }))) {
      if (!(await ctx.db.getById('count_lines', id))) throw new AppError('E_NOT_FOUND', '这个商品还没有盘点');
    }
    const line = (await ctx.db.getById<CountLine>('count_lines', id))!;
    return lineView(line, count, ctx.member.role, (await costsOf(ctx, count, [line.productId])).get(line.productId) ?? '0');
  }),

  'count.submit': stepAction('submit', ALL),
  'count.reopen': stepAction('reopen', MANAGERS),
  'count.cancel': stepAction('cancel', MANAGERS),

  'count.post': action(MANAGERS, schemas['count.post'], async (ctx, input) => {
    const shop = await loadShop(ctx);
    let count = await getOwnCount(ctx, input.id);
    if (count.status === 'review') {
      // The plan is frozen once, from the lines as counting left them (scans stopped at submit).
      const [lines, balances, scope] = await Promise.all([
        allLines(ctx, count._id),
        input.uncounted === 'zero' ? ctx.db.findAll<StockBalance>('stock', { shopId: shop._id, warehouseId: count.warehouseId }, [['_id', 'asc']], 100_000) : Promise.resolve([]),
        input.uncounted === 'zero' && count.scope.kind !== 'all' ? scopeProducts(ctx, count) : Promise.resolve(null),
      ]);
      const plan = buildPlan(lines, input.uncounted, balances, scope ? new Set(scope.map((p) => p._id)) : null);
      count = await runStep(ctx, STOCK_COUNT, count._id, 'post', input.requestId, input.note, () => ({ plan, uncounted: input.uncounted, parts: Math.ceil(plan.length / COUNT_PART_LINES), postedParts: 0, postedAt: plan.length ? null : new Date().toISOString() }));
    }
    if (count.status === 'posting') {
      if (!canSeeCost(ctx.member.role)) throw new AppError('E_FORBIDDEN', '你没有权限过账盘点单');
      // Parts in order; a cut-short call (timeout, network) is resumed by calling again.
      for (let index = count.postedParts; index < count.parts; index++) await postPart(ctx, count, index, shop.settings.allowNegativeStock, input.requestId);
      count = await getOwnCount(ctx, count._id);
    } else if (count.status !== 'posted') {
      throw new AppError('E_INVALID_STATE', `盘点单${STOCK_COUNT.statusLabels[count.status]}，不能过账`, { status: count.status });
    }
    return fullView(ctx, count);
  }),

  'count.list': action(ALL, schemas['count.list'], async (ctx, input) => {
    const where: Record<string, unknown> = { shopId: ctx.member.shopId };
    if (input.status === 'open') where.status = ctx.db.command.in(OPEN_COUNT_STATUSES);
    else if (input.status !== 'all') where.status = input.status;
    const [shop, rows] = await Promise.all([
      loadShop(ctx),
      ctx.db.find<StockCount>('counts', where, { orderBy: [['createdAt', 'desc'], ['_id', 'desc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1, fields: { plan: false, history: false } }),
    ]);
    const paged = pageOf(rows, input.page, input.pageSize);
    const items = await Promise.all(
      paged.items.map(async (c) => {
        const v = countView({ ...c, plan: [], history: [] }, shop, ctx.member.role, await countedSoFar(ctx, c));
        return { _id: v._id, no: v.no, status: v.status, statusLabel: v.statusLabel, warehouseName: v.warehouseName, scopeText: v.scopeText, blind: v.blind, toCount: v.toCount, counted: v.counted, createdAt: v.createdAt, postedAt: v.postedAt };
      }),
    );
    return { ...paged, items };
  }),

  'count.get': action(ALL, schemas['count.get'], async (ctx, input) => fullView(ctx, await getOwnCount(ctx, input.id))),

  'count.lines': action(ALL, schemas['count.lines'], async (ctx, input) => {
    const count = await getOwnCount(ctx, input.id);
    // Differences are the book's secret in a blind count: a clerk's "diff" filter would tell it.
    if (input.filter === 'diff' && !(!count.blind || canSeeCost(ctx.member.role))) throw new AppError('E_FORBIDDEN', '盲盘时店员看不到差异');
    const rows =
      input.filter === 'diff'
        ? (await allLines(ctx, count._id)).filter((l) => l.countedQty !== l.bookQty).sort((a, b) => (a.countedAt < b.countedAt ? 1 : -1)).slice((input.page - 1) * input.pageSize, input.page * input.pageSize + 1)
        : await ctx.db.find<CountLine>('count_lines', { countId: count._id }, { orderBy: [['countedAt', 'desc'], ['_id', 'asc']], skip: (input.page - 1) * input.pageSize, limit: input.pageSize + 1 });
    const paged = pageOf(rows, input.page, input.pageSize);
    const costs = canSeeCost(ctx.member.role) ? await costsOf(ctx, count, paged.items.map((l) => l.productId)) : undefined;
    return { ...paged, items: paged.items.map((l) => lineView(l, count, ctx.member.role, costs ? costs.get(l.productId) ?? '0' : undefined)) };
  }),

  'count.uncounted': action(ALL, schemas['count.uncounted'], async (ctx, input) => {
    const count = await getOwnCount(ctx, input.id);
    const [products, lines] = await Promise.all([scopeProducts(ctx, count), ctx.db.findAll<CountLine>('count_lines', { countId: count._id }, [['_id', 'asc']], 10_000, { productId: true })]);
    const counted = new Set(lines.map((l) => l.productId));
    const left = products.filter((p) => !counted.has(p._id));
    const rows = left.slice((input.page - 1) * input.pageSize, input.page * input.pageSize + 1);
    const paged = pageOf(rows, input.page, input.pageSize);
    const balances = new Map((await ctx.db.getMany<StockBalance>('stock', paged.items.map((p) => balanceId(count.shopId, count.warehouseId, p._id)))).map((b) => [b.productId, b]));
    return { ...paged, items: paged.items.map((p) => uncountedRow(p, count, ctx.member.role, balances.get(p._id))) };
  }),
};
