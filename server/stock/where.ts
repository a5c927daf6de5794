// Where the stock is (库存) and what is about to expire (临期批次). Both read whole, small sets and
// sort in memory, because the order a merchant wants is not one the database can give:
// - balances by product name in pinyin order: a balance carries no name (only the engine writes
//   balances) and the database sorts strings by code point, not pinyin. Every page reads the shop's
//   matching balances and its products' names: 1 + ⌈balances/1000⌉ + ⌈products/1000⌉ requests,
//   3 for a shop of up to 1,000 of each, the same for page 1 and page 20;
// - batches by expiry date: one balance holds several batches, so the rows are batches, not
//   documents; only balances holding a batch that expires by the cutoff are read (a query on
//   `batches.expiryDate`, which matches a document when any of its batches matches).
import type { BalanceView, ExpiringBatchView, ExpiringPage } from '../../typings/api/stock';
import type { Paged } from '../../typings/api/common';
import type { Product, Shop, StockBalance } from '../../typings/models';
import { chinaToday } from '../../miniprogram/utils/expiry';
import { pageOf } from '../core/query';
import { MemberContext } from '../core/router';
import { canSeeCost, loadShop, warehouseName } from '../core/shop';
import { valueFen } from '../posting/cost';

/** Chinese names in pinyin order, as a phone's contact list sorts them. */
const byName = new Intl.Collator('zh-Hans-CN').compare;
const DAY_MS = 86_400_000;

interface BalancesInput {
  productId?: string;
  warehouseId?: string;
  includeZero: boolean;
  page: number;
  pageSize: number;
}

/** A shop's warehouses in its own order (the default one first, as the shop lists them). */
const warehouseRank = (shop: Shop) => new Map(shop.warehouses.map((w, i) => [w.id, i]));

export async function balancesPage(ctx: MemberContext, input: BalancesInput): Promise<Paged<BalanceView>> {
  const shopId = ctx.member.shopId;
  const where: Record<string, unknown> = { shopId };
  if (input.productId) where.productId = input.productId;
  if (input.warehouseId) where.warehouseId = input.warehouseId;
  // A balance stays after its last unit went out: listed only when asked for (greyed on 库存).
  if (!input.includeZero) where.qty = ctx.db.command.neq(0);
  const [shop, rows, products] = await Promise.all([
    loadShop(ctx),
    ctx.db.findAll<StockBalance>('stock', where),
    input.productId
      ? ctx.db.getMany<Product>('products', [input.productId])
      : ctx.db.findAll<Product>('products', { shopId }, [['_id', 'asc']], 100_000, { name: true, baseUnit: true }),
  ]);
  const byId = new Map(products.map((p) => [p._id, p]));
  const nameOf = (id: string) => byId.get(id)?.name ?? '已删除商品';
  const rank = warehouseRank(shop);
  rows.sort((a, b) => byName(nameOf(a.productId), nameOf(b.productId)) || a.productId.localeCompare(b.productId) || (rank.get(a.warehouseId) ?? 99) - (rank.get(b.warehouseId) ?? 99));
  const start = (input.page - 1) * input.pageSize;
  const seeCost = canSeeCost(ctx.member.role);
  const views: BalanceView[] = rows.slice(start, start + input.pageSize + 1).map(({ unitCost, ...b }) => ({
    ...b,
    ...(seeCost ? { unitCost, valueFen: valueFen(b.qty, unitCost) } : {}),
    productName: nameOf(b.productId),
    baseUnit: byId.get(b.productId)?.baseUnit ?? '',
    warehouseName: warehouseName(shop, b.warehouseId),
  }));
  return pageOf(views, input.page, input.pageSize);
}

interface ExpiringInput {
  warehouseId?: string;
  withinDays: number;
  includeExpired: boolean;
  page: number;
  pageSize: number;
}

/** The day `days` after a YYYY-MM-DD day. */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Batches on hand that expire within `withinDays` of today (China), and with `includeExpired` those
 * already expired, soonest first. Value at the balance's moving-average cost, for owner/manager.
 */
export async function expiringPage(ctx: MemberContext, input: ExpiringInput): Promise<ExpiringPage> {
  const _ = ctx.db.command;
  const today = chinaToday(ctx.requestNow);
  const until = addDays(today, input.withinDays);
  // Any batch in range selects the balance (a superset when two conditions meet different batches);
  // the batches themselves are picked below.
  const where: Record<string, unknown> = { shopId: ctx.member.shopId, 'batches.expiryDate': input.includeExpired ? _.lte(until) : _.gte(today).lte(until) };
  if (input.warehouseId) where.warehouseId = input.warehouseId;
  const [shop, balances] = await Promise.all([loadShop(ctx), ctx.db.findAll<StockBalance>('stock', where)]);
  const inRange = (d: string | null): d is string => d !== null && d <= until && (input.includeExpired || d >= today);
  const rank = warehouseRank(shop);
  const found = balances
    .flatMap((b) => (b.batches ?? []).filter((x) => x.qty > 0 && inRange(x.expiryDate)).map((batch) => ({ b, batch, expiryDate: batch.expiryDate as string })))
    .sort(
      (x, y) =>
        x.expiryDate.localeCompare(y.expiryDate) ||
        x.b.productId.localeCompare(y.b.productId) ||
        (rank.get(x.b.warehouseId) ?? 99) - (rank.get(y.b.warehouseId) ?? 99) ||
        x.batch.batchNo.localeCompare(y.batch.batchNo),
    );
  const seeCost = canSeeCost(ctx.member.role);
  const start = (input.page - 1) * input.pageSize;
  const slice = found.slice(start, start + input.pageSize + 1);
  // Names for this page only (≤ 100 products: one request).
  const products = new Map((await ctx.db.getMany<Product>('products', slice.map((r) => r.b.productId))).map((p) => [p._id, p]));
  const items: ExpiringBatchView[] = slice.map(({ b, batch, expiryDate }) => {
    const p = products.get(b.productId);
    return {
      balanceId: b._id,
      productId: b.productId,
      productName: p?.name ?? '已删除商品',
      baseUnit: p?.baseUnit ?? '',
      warehouseId: b.warehouseId,
      warehouseName: warehouseName(shop, b.warehouseId),
      batchNo: batch.batchNo,
      expiryDate,
      daysLeft: Math.round((Date.parse(`${expiryDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS),
      qty: batch.qty,
      ...(seeCost ? { unitCost: b.unitCost, valueFen: valueFen(batch.qty, b.unitCost) } : {}),
    };
  });
  const totalValueFen = seeCost ? found.reduce((s, r) => s + valueFen(r.batch.qty, r.b.unitCost), 0) : undefined;
  return { ...pageOf(items, input.page, input.pageSize), today, until, total: found.length, ...(totalValueFen === undefined ? {} : { totalValueFen }) };
}
